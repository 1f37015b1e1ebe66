SELECT
  "t2"."municipality" AS "municipality",
  CAST("t2"."_period_raw" AS VARCHAR) AS "period",
  '' AS "breakdown",
  COALESCE("t2"."value_right", 0) AS "numerator",
  "t2"."value" AS "denominator",
  "t2"."n" AS "n",
  CASE
    WHEN "t2"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t2"."value_right", 0) AS DOUBLE PRECISION) / "t2"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "_period_raw",
    SUM("t0"."fte") AS "value",
    COUNT("t0"."fte") AS "n",
    SUM("t0"."sick_days") AS "value_right"
  FROM "employees" AS "t0"
  WHERE
    "t0"."year" BETWEEN 2000 AND 2040
  GROUP BY
    "t0"."municipality",
    "t0"."year"
) AS "t2"
