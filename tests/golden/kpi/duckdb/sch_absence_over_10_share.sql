SELECT
  "t8"."municipality",
  "t8"."period",
  '' AS "breakdown",
  COALESCE("t8"."value_right", 0) AS "numerator",
  "t8"."value" AS "denominator",
  "t8"."n",
  CASE
    WHEN "t8"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t8"."value_right", 0) / "t8"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality",
    "t7"."period",
    "t7"."value",
    "t7"."n",
    "t7"."value_right"
  FROM (
    SELECT
      "t5"."municipality",
      "t5"."_period_raw",
      "t5"."value",
      "t5"."n",
      "t5"."value_right",
      CAST(SUBSTRING(
        "t5"."_period_raw",
        CASE WHEN (
          0 + 1
        ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t5"."_period_raw") END,
        4
      ) AS BIGINT) + 1 AS "_year",
      "t5"."_period_raw" AS "period"
    FROM (
      SELECT
        "t4"."municipality",
        "t4"."school_year" AS "_period_raw",
        CAST(COUNT(*) AS DOUBLE) AS "value",
        COUNT(*) AS "n",
        CAST(COUNT(*) FILTER(WHERE
          TRUE AND (
            "t4"."absence_share" > 0.1
          )) AS DOUBLE) AS "value_right"
      FROM (
        SELECT
          "t1"."person_id",
          "t1"."municipality",
          "t1"."school_year",
          "t1"."school_id",
          "t1"."grade_level",
          "t1"."school_days",
          "t1"."absence_days",
          CASE
            WHEN CAST("t1"."school_days" AS DOUBLE) = 0
            THEN CAST(NULL AS DOUBLE)
            ELSE "t1"."absence_days" / CAST("t1"."school_days" AS DOUBLE)
          END AS "absence_share"
        FROM "absence" AS "t1"
      ) AS "t4"
      GROUP BY
        1,
        2
    ) AS "t5"
  ) AS "t7"
  INNER JOIN (
    SELECT
      "t0"."year" AS "_p_year"
    FROM "ref_periods" AS "t0"
  ) AS "t3"
    ON "t7"."_year" = "t3"."_p_year"
) AS "t8"
