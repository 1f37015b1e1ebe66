SELECT
  "t1"."municipality",
  CAST("t1"."_period_raw" AS VARCHAR) AS "period",
  '' AS "breakdown",
  COALESCE("t1"."value_right", 0) AS "numerator",
  "t1"."value" AS "denominator",
  "t1"."n",
  CASE
    WHEN "t1"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t1"."value_right", 0) AS DOUBLE PRECISION) / "t1"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality",
    "t0"."year" AS "_period_raw",
    SUM("t0"."fte") AS "value",
    COUNT("t0"."fte") AS "n",
    SUM("t0"."sick_days") AS "value_right"
  FROM "employees" AS "t0"
  GROUP BY
    1,
    2
) AS "t1"
WHERE
  "t1"."_period_raw" BETWEEN 2000 AND 2040
