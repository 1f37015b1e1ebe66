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
)
SELECT
  "t9"."municipality",
  "t9"."period",
  '' AS "breakdown",
  COALESCE("t12"."value", 0) AS "numerator",
  "t9"."value" AS "denominator",
  "t9"."n",
  CASE
    WHEN "t9"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t12"."value", 0) AS DOUBLE PRECISION) / "t9"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality",
    "t7"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t6" AS "t7"
  GROUP BY
    1,
    2
) AS "t9"
LEFT OUTER JOIN (
  SELECT
    "t10"."municipality",
    "t10"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t7"."person_id",
      "t7"."municipality",
      "t7"."school_year",
      "t7"."school_id",
      "t7"."grade_level",
      "t7"."school_days",
      "t7"."absence_days",
      "t7"."period",
      "t7"."_p_year",
      "t7"."_p_start",
      "t7"."_p_end",
      CASE
        WHEN CAST("t7"."school_days" AS DOUBLE PRECISION) = 0
        THEN CAST(NULL AS DOUBLE PRECISION)
        ELSE "t7"."absence_days" / CAST("t7"."school_days" AS DOUBLE PRECISION)
      END AS "absence_share"
    FROM "t6" AS "t7"
    WHERE
      CASE
        WHEN CAST("t7"."school_days" AS DOUBLE PRECISION) = 0
        THEN CAST(NULL AS DOUBLE PRECISION)
        ELSE "t7"."absence_days" / CAST("t7"."school_days" AS DOUBLE PRECISION)
      END > 0.1
  ) AS "t10"
  GROUP BY
    1,
    2
) AS "t12"
  ON "t9"."municipality" = "t12"."municipality" AND "t9"."period" = "t12"."period"
