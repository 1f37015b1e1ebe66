SELECT
  "t8"."municipality",
  "t8"."_period_raw" AS "period",
  '' AS "breakdown",
  "t8"."value_right" AS "numerator",
  "t8"."value" AS "denominator",
  "t8"."n",
  CASE
    WHEN "t8"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE "t8"."value_right" / "t8"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality",
    "t7"."_period_raw",
    "t7"."value",
    "t7"."n",
    "t5"."municipality" AS "municipality_right",
    "t5"."_period_raw" AS "_period_raw_right",
    "t5"."value" AS "value_right",
    "t5"."n" AS "n_right"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t0"."municipality",
        "t0"."school_year" AS "_period_raw",
        CAST(COUNT(DISTINCT "t0"."person_id") AS DOUBLE) AS "value",
        COUNT(DISTINCT "t0"."person_id") AS "n"
      FROM "pupils" AS "t0"
      GROUP BY
        1,
        2
    ) AS "t2"
    WHERE
      CAST(SUBSTRING(
        "t2"."_period_raw",
        CASE WHEN (
          0 + 1
        ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t2"."_period_raw") END,
        4
      ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        "t1"."municipality",
        "t1"."school_year" AS "_period_raw",
        COALESCE(CAST(COUNT(DISTINCT "t1"."person_id") AS DOUBLE), 0) AS "value",
        COUNT(DISTINCT "t1"."person_id") AS "n"
      FROM "special_education" AS "t1"
      GROUP BY
        1,
        2
    ) AS "t3"
  ) AS "t5"
    ON "t7"."municipality" = "t5"."municipality"
    AND "t7"."_period_raw" = "t5"."_period_raw"
) AS "t8"
