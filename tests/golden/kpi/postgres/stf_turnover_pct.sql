WITH "t6" AS (
  SELECT
    "t0"."person_id" AS "person_id",
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "year",
    "t0"."area" AS "area",
    "t0"."fte" AS "fte",
    "t0"."sick_days" AS "sick_days",
    "t0"."start_date" AS "start_date",
    "t0"."end_date" AS "end_date",
    CAST("t0"."year" AS VARCHAR) AS "period",
    "t1"."year" AS "_p_year",
    "t1"."start_date" AS "_p_start",
    "t1"."end_date" AS "_p_end"
  FROM "employees" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON "t0"."year" = "t1"."year"
)
SELECT
  "t13"."municipality" AS "municipality",
  "t13"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t12"."value", 0) AS "numerator",
  "t13"."value" AS "denominator",
  "t13"."n" AS "n",
  CASE
    WHEN "t13"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t12"."value", 0) AS DOUBLE PRECISION) / "t13"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality" AS "municipality",
    "t7"."period" AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t6" AS "t7"
  WHERE
    "t7"."start_date" <= "t7"."_p_start"
    AND (
      (
        "t7"."end_date" IS NULL
      ) OR (
        "t7"."end_date" >= "t7"."_p_start"
      )
    )
  GROUP BY
    "t7"."municipality",
    "t7"."period"
) AS "t13"
LEFT OUTER JOIN (
  SELECT
    "t7"."municipality" AS "municipality",
    "t7"."period" AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t6" AS "t7"
  WHERE
    "t7"."end_date" BETWEEN "t7"."_p_start" AND "t7"."_p_end"
  GROUP BY
    "t7"."municipality",
    "t7"."period"
) AS "t12"
  ON "t13"."municipality" = "t12"."municipality" AND "t13"."period" = "t12"."period"
