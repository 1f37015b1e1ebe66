WITH "t6" AS (
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
      CAST(SUBSTRING(
        "t0"."school_year",
        CASE WHEN (
          0 + 1
        ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END,
        4
      ) AS BIGINT) + 1 AS "_year",
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
)
SELECT
  "t11"."municipality",
  "t11"."period",
  '' AS "breakdown",
  COALESCE("t10"."value", 0) AS "numerator",
  "t11"."value" AS "denominator",
  "t11"."n",
  CASE
    WHEN "t11"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t10"."value", 0) / "t11"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality",
    "t7"."period",
    CAST(SUM("t7"."school_days") AS DOUBLE) AS "value",
    COUNT("t7"."school_days") AS "n"
  FROM "t6" AS "t7"
  GROUP BY
    1,
    2
) AS "t11"
LEFT OUTER JOIN (
  SELECT
    "t7"."municipality",
    "t7"."period",
    SUM("t7"."absence_days") AS "value",
    COUNT("t7"."absence_days") AS "n"
  FROM "t6" AS "t7"
  GROUP BY
    1,
    2
) AS "t10"
  ON "t11"."municipality" = "t10"."municipality" AND "t11"."period" = "t10"."period"
