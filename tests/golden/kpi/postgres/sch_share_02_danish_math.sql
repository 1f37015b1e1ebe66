WITH "t7" AS (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."school_year" AS "period",
    "t1"."year" AS "_p_year",
    "t1"."start_date" AS "_p_start",
    "t1"."end_date" AS "_p_end",
    "t0"."person_id" AS "person_id",
    BOOL_OR("t0"."subject" = 'dansk') AS "has_danish",
    BOOL_OR("t0"."subject" = 'matematik') AS "has_math",
    BOOL_OR((
      "t0"."subject" = 'dansk'
    ) AND (
      "t0"."grade" >= 2
    )) AS "danish_02",
    BOOL_OR((
      "t0"."subject" = 'matematik'
    ) AND (
      "t0"."grade" >= 2
    )) AS "math_02"
  FROM "exam_grades" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      CAST(SUBSTRING("t0"."school_year" FROM CASE WHEN (
        0 + 1
      ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END FOR 4) AS BIGINT) + 1
    ) = "t1"."year"
  GROUP BY
    "t0"."municipality",
    "t0"."school_year",
    "t1"."year",
    "t1"."start_date",
    "t1"."end_date",
    "t0"."person_id"
)
SELECT
  "t13"."municipality" AS "municipality",
  "t13"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t14"."value", 0) AS "numerator",
  "t13"."value" AS "denominator",
  "t13"."n" AS "n",
  CASE
    WHEN "t13"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t14"."value", 0) AS DOUBLE PRECISION) / "t13"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t8"."municipality" AS "municipality",
    "t8"."period" AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t7" AS "t8"
  WHERE
    "t8"."has_danish" = TRUE AND "t8"."has_math" = TRUE
  GROUP BY
    "t8"."municipality",
    "t8"."period"
) AS "t13"
LEFT OUTER JOIN (
  SELECT
    "t8"."municipality" AS "municipality",
    "t8"."period" AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t7" AS "t8"
  WHERE
    "t8"."has_danish" = TRUE
    AND "t8"."has_math" = TRUE
    AND "t8"."danish_02" = TRUE
    AND "t8"."math_02" = TRUE
  GROUP BY
    "t8"."municipality",
    "t8"."period"
) AS "t14"
  ON "t13"."municipality" = "t14"."municipality" AND "t13"."period" = "t14"."period"
