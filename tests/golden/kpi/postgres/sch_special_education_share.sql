SELECT
  "t2"."municipality" AS "municipality",
  "t2"."_period_raw" AS "period",
  '' AS "breakdown",
  "t3"."value" AS "numerator",
  "t2"."value" AS "denominator",
  "t2"."n" AS "n",
  CASE
    WHEN "t2"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t3"."value" AS DOUBLE PRECISION) / "t2"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."school_year" AS "_period_raw",
    CAST(COUNT(DISTINCT "t0"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t0"."person_id") AS "n"
  FROM "pupils" AS "t0"
  GROUP BY
    "t0"."municipality",
    "t0"."school_year"
) AS "t2"
LEFT OUTER JOIN (
  SELECT
    "t1"."municipality" AS "municipality",
    "t1"."school_year" AS "_period_raw",
    COALESCE(CAST(COUNT(DISTINCT "t1"."person_id") AS DOUBLE PRECISION), 0) AS "value",
    COUNT(DISTINCT "t1"."person_id") AS "n"
  FROM "special_education" AS "t1"
  GROUP BY
    "t1"."municipality",
    "t1"."school_year"
) AS "t3"
  ON "t2"."municipality" = "t3"."municipality"
  AND "t2"."_period_raw" = "t3"."_period_raw"
WHERE
  CAST(SUBSTRING("t2"."_period_raw" FROM CASE WHEN (
    0 + 1
  ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t2"."_period_raw") END FOR 4) AS BIGINT) + 1 BETWEEN 2000 AND 2040
