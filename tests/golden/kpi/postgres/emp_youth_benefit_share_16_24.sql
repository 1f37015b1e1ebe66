SELECT
  "t20"."municipality" AS "municipality",
  "t20"."period" AS "period",
  '' AS "breakdown",
  CASE
    WHEN "t13"."_d_municipality" IS NULL
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE COALESCE("t24"."value", 0)
  END AS "numerator",
  "t20"."value" AS "denominator",
  "t20"."n" AS "n",
  CASE
    WHEN "t20"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(CASE
      WHEN "t13"."_d_municipality" IS NULL
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE COALESCE("t24"."value", 0)
    END AS DOUBLE PRECISION) / "t20"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t1"."municipality" AS "municipality",
    CAST("t1"."year" AS VARCHAR) AS "period",
    CAST(SUM("t1"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t1"."count") AS "n"
  FROM "population" AS "t1"
  INNER JOIN "ref_periods" AS "t2"
    ON "t1"."year" = "t2"."year"
  WHERE
    "t1"."age" BETWEEN 16 AND 24
  GROUP BY
    "t1"."municipality",
    CAST("t1"."year" AS VARCHAR)
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    "t4"."municipality" AS "municipality",
    CAST("t2"."year" AS VARCHAR) AS "period",
    CAST(COUNT(DISTINCT "t4"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t4"."person_id") AS "n"
  FROM "benefit_spells" AS "t4"
  LEFT OUTER JOIN (
    SELECT DISTINCT
      "t3"."person_id" AS "person_id",
      "t3"."birth_date" AS "birth_date"
    FROM "persons" AS "t3"
  ) AS "t12"
    ON "t4"."person_id" = "t12"."person_id"
  INNER JOIN "ref_periods" AS "t2"
    ON "t4"."start_date" <= "t2"."end_date"
    AND COALESCE("t4"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t2"."start_date"
  WHERE
    (
      "t2"."year" - EXTRACT(YEAR FROM "t12"."birth_date")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM "t12"."birth_date") = 1
      )
      AND (
        EXTRACT(DAY FROM "t12"."birth_date") = 1
      )
      THEN 0
      ELSE 1
    END BETWEEN 16 AND 24
    AND (
      "t2"."year" >= (
        SELECT
          MIN("t0"."year") AS "Min(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t2"."year" <= (
        SELECT
          MAX("t0"."year") AS "Max(year)"
        FROM "benefit_spells" AS "t0"
      )
    )
  GROUP BY
    "t4"."municipality",
    CAST("t2"."year" AS VARCHAR)
) AS "t24"
  ON "t20"."municipality" = "t24"."municipality" AND "t20"."period" = "t24"."period"
LEFT OUTER JOIN (
  SELECT DISTINCT
    "t0"."municipality" AS "_d_municipality",
    CAST("t0"."year" AS VARCHAR) AS "_d_period"
  FROM "benefit_spells" AS "t0"
) AS "t13"
  ON "t20"."municipality" = "t13"."_d_municipality"
  AND "t20"."period" = "t13"."_d_period"
