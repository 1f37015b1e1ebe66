SELECT
  "t1"."municipality" AS "municipality",
  "t1"."_period_raw" AS "period",
  '' AS "breakdown",
  COALESCE("t1"."value_right", 0) AS "numerator",
  "t1"."value" AS "denominator",
  "t1"."n" AS "n",
  CASE
    WHEN "t1"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t1"."value_right", 0) / "t1"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."school_year" AS "_period_raw",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n",
    SUM("t0"."wellbeing") AS "value_right"
  FROM "wellbeing" AS "t0"
  GROUP BY
    "t0"."municipality",
    "t0"."school_year"
) AS "t1"
WHERE
  CAST(SUBSTRING(
    "t1"."_period_raw",
    CASE WHEN (
      0 + 1
    ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t1"."_period_raw") END,
    4
  ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
