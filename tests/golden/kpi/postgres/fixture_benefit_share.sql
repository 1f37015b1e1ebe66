WITH "t5" AS (
  SELECT
    "t2"."year" AS "_p_year",
    "t2"."start_date" AS "_p_start",
    "t2"."end_date" AS "_p_end"
  FROM "ref_periods" AS "t2"
), "t13" AS (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "year",
    "t0"."sex" AS "sex",
    "t0"."age" AS "age",
    "t0"."count" AS "count",
    CAST("t0"."year" AS VARCHAR) AS "period",
    "t11"."_p_year" AS "_p_year",
    "t11"."_p_start" AS "_p_start",
    "t11"."_p_end" AS "_p_end"
  FROM "population" AS "t0"
  INNER JOIN "t5" AS "t11"
    ON "t0"."year" = "t11"."_p_year"
  WHERE
    "t0"."age" BETWEEN 16 AND 66
), "t16" AS (
  SELECT
    "t4"."person_id" AS "person_id",
    "t4"."municipality" AS "municipality",
    "t4"."year" AS "year",
    "t4"."benefit" AS "benefit",
    "t4"."start_date" AS "start_date",
    "t4"."end_date" AS "end_date",
    "t9"."birth_year" AS "birth_year",
    "t9"."sex" AS "sex",
    "t12"."_p_year" AS "_p_year",
    "t12"."_p_start" AS "_p_start",
    "t12"."_p_end" AS "_p_end",
    CAST("t12"."_p_year" AS VARCHAR) AS "period",
    "t12"."_p_year" - "t9"."birth_year" AS "age"
  FROM "benefit_spells" AS "t4"
  LEFT OUTER JOIN (
    SELECT DISTINCT
      "t3"."person_id" AS "person_id",
      "t3"."birth_year" AS "birth_year",
      "t3"."sex" AS "sex"
    FROM "persons" AS "t3"
  ) AS "t9"
    ON "t4"."person_id" = "t9"."person_id"
  INNER JOIN "t5" AS "t12"
    ON "t4"."start_date" <= "t12"."_p_end"
    AND COALESCE("t4"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t12"."_p_start"
  WHERE
    "t12"."_p_year" - "t9"."birth_year" BETWEEN 16 AND 66
)
SELECT
  "t20"."municipality" AS "municipality",
  "t20"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t24"."value", 0) AS "numerator",
  "t20"."value" AS "denominator",
  "t20"."n" AS "n",
  CASE
    WHEN "t20"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t24"."value", 0) AS DOUBLE PRECISION) / "t20"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t15"."municipality" AS "municipality",
    "t15"."period" AS "period",
    CAST(SUM("t15"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t15"."count") AS "n"
  FROM "t13" AS "t15"
  GROUP BY
    "t15"."municipality",
    "t15"."period"
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    "t19"."municipality" AS "municipality",
    "t19"."period" AS "period",
    CAST(COUNT(DISTINCT "t19"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t19"."person_id") AS "n"
  FROM "t16" AS "t19"
  GROUP BY
    "t19"."municipality",
    "t19"."period"
) AS "t24"
  ON "t20"."municipality" = "t24"."municipality" AND "t20"."period" = "t24"."period"
UNION ALL
SELECT
  "t21"."municipality" AS "municipality",
  "t21"."period" AS "period",
  'sex=' || "t21"."sex" AS "breakdown",
  COALESCE("t25"."value", 0) AS "numerator",
  "t21"."value" AS "denominator",
  "t21"."n" AS "n",
  CASE
    WHEN "t21"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t25"."value", 0) AS DOUBLE PRECISION) / "t21"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t15"."municipality" AS "municipality",
    "t15"."period" AS "period",
    "t15"."sex" AS "sex",
    CAST(SUM("t15"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t15"."count") AS "n"
  FROM "t13" AS "t15"
  GROUP BY
    "t15"."municipality",
    "t15"."period",
    "t15"."sex"
) AS "t21"
LEFT OUTER JOIN (
  SELECT
    "t19"."municipality" AS "municipality",
    "t19"."period" AS "period",
    "t19"."sex" AS "sex",
    CAST(COUNT(DISTINCT "t19"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t19"."person_id") AS "n"
  FROM "t16" AS "t19"
  GROUP BY
    "t19"."municipality",
    "t19"."period",
    "t19"."sex"
) AS "t25"
  ON "t21"."municipality" = "t25"."municipality"
  AND "t21"."period" = "t25"."period"
  AND "t21"."sex" = "t25"."sex"
