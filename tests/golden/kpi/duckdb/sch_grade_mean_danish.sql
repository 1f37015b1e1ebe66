SELECT
  "t2"."municipality" AS "municipality",
  "t2"."_period_raw" AS "period",
  '' AS "breakdown",
  COALESCE("t2"."value_right", 0) AS "numerator",
  "t2"."value" AS "denominator",
  "t2"."n" AS "n",
  CASE
    WHEN "t2"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t2"."value_right", 0) / "t2"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."school_year" AS "_period_raw",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n",
    CAST(SUM("t0"."grade") AS DOUBLE) AS "value_right"
  FROM "exam_grades" AS "t0"
  WHERE
    "t0"."subject" = 'dansk'
  GROUP BY
    "t0"."municipality",
    "t0"."school_year"
) AS "t2"
WHERE
  CAST(SUBSTRING(
    "t2"."_period_raw",
    CASE WHEN (
      0 + 1
    ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t2"."_period_raw") END,
    4
  ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
