SELECT
  "t5"."municipality" AS "municipality",
  CAST("t5"."_period_raw" AS TEXT) AS "period",
  '' AS "breakdown",
  "t3"."value" AS "numerator",
  "t5"."value" AS "denominator",
  "t5"."n" AS "n",
  CASE
    WHEN "t5"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE "t3"."value" / "t5"."value"
  END * 1000.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "_period_raw",
    CAST(SUM("t0"."count") AS DOUBLE) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  WHERE
    "t0"."year" BETWEEN 2000 AND 2040
  GROUP BY
    "t0"."municipality",
    "t0"."year"
) AS "t5"
LEFT OUTER JOIN (
  SELECT
    "t1"."municipality" AS "municipality",
    "t1"."year" AS "_period_raw",
    COALESCE(SUM("t1"."fte"), 0) AS "value",
    COUNT("t1"."fte") AS "n"
  FROM "employees" AS "t1"
  GROUP BY
    "t1"."municipality",
    "t1"."year"
) AS "t3"
  ON "t5"."municipality" = "t3"."municipality"
  AND "t5"."_period_raw" = "t3"."_period_raw"
