SELECT
  "t7"."municipality",
  "t7"."period",
  '' AS "breakdown",
  COALESCE("t7"."value_right", 0) AS "numerator",
  "t7"."value" AS "denominator",
  "t7"."n",
  CASE
    WHEN "t7"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t7"."value_right", 0) AS DOUBLE PRECISION) / "t7"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t6"."municipality",
    "t6"."period",
    CAST(SUM("t6"."school_days") AS DOUBLE PRECISION) AS "value",
    COUNT("t6"."school_days") AS "n",
    SUM("t6"."absence_days") AS "value_right"
  FROM (
    SELECT
      "t5"."person_id",
      "t5"."municipality",
      "t5"."school_year",
      "t5"."school_id",
      "t5"."grade_level",
      "t5"."school_days",
      "t5"."absence_days",
      "t5"."period",
      "t3"."_p_year",
      "t3"."_p_start",
      "t3"."_p_end"
    FROM (
      SELECT
        "t0"."person_id",
        "t0"."municipality",
        "t0"."school_year",
        "t0"."school_id",
        "t0"."grade_level",
        "t0"."school_days",
        "t0"."absence_days",
        CAST(SUBSTRING("t0"."school_year" FROM CASE WHEN (
          0 + 1
        ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END FOR 4) AS BIGINT) + 1 AS "_year",
        "t0"."school_year" AS "period"
      FROM "absence" AS "t0"
    ) AS "t5"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t3"
      ON "t5"."_year" = "t3"."_p_year"
  ) AS "t6"
  GROUP BY
    1,
    2
) AS "t7"
