SELECT
  "t21"."municipality" AS "municipality",
  "t21"."period" AS "period",
  '' AS "breakdown",
  CASE
    WHEN "t13"."_d_municipality" IS NULL
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t25"."value", 0)
  END AS "numerator",
  "t21"."value" AS "denominator",
  "t21"."n" AS "n",
  CASE
    WHEN "t21"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CASE
      WHEN "t13"."_d_municipality" IS NULL
      THEN CAST(NULL AS DOUBLE)
      ELSE COALESCE("t25"."value", 0)
    END / "t21"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t1"."municipality" AS "municipality",
    CAST("t1"."year" AS TEXT) AS "period",
    CAST(SUM("t1"."count") AS DOUBLE) AS "value",
    SUM("t1"."count") AS "n"
  FROM "population" AS "t1"
  INNER JOIN "ref_periods" AS "t2"
    ON "t1"."year" = "t2"."year"
  WHERE
    "t1"."age" BETWEEN 16 AND 66
  GROUP BY
    "t1"."municipality",
    CAST("t1"."year" AS TEXT)
) AS "t21"
LEFT OUTER JOIN (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t2"."year" AS TEXT) AS "period",
    CAST(COUNT(DISTINCT "t0"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t0"."person_id") AS "n"
  FROM "benefit_spells" AS "t0"
  LEFT OUTER JOIN (
    SELECT DISTINCT
      "t3"."person_id" AS "person_id",
      "t3"."birth_date" AS "birth_date"
    FROM "persons" AS "t3"
  ) AS "t12"
    ON "t0"."person_id" = "t12"."person_id"
  INNER JOIN "ref_periods" AS "t2"
    ON (
      "t0"."start_date" <= "t2"."start_date"
      AND COALESCE("t0"."end_date", MAKE_DATE(9999, 12, 31)) >= "t2"."start_date"
    )
    AND (
      "t2"."year" >= (
        SELECT
          MIN("t0"."year") AS "min(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t2"."year" <= (
        SELECT
          MAX("t0"."year") AS "max(year)"
        FROM "benefit_spells" AS "t0"
      )
    )
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
    END BETWEEN 16 AND 66
    AND "t0"."benefit" = 'a-dagpenge'
  GROUP BY
    "t0"."municipality",
    CAST("t2"."year" AS TEXT)
) AS "t25"
  ON "t21"."municipality" = "t25"."municipality" AND "t21"."period" = "t25"."period"
LEFT OUTER JOIN (
  SELECT DISTINCT
    "t0"."municipality" AS "_d_municipality",
    CAST("t0"."year" AS TEXT) AS "_d_period"
  FROM "benefit_spells" AS "t0"
) AS "t13"
  ON "t21"."municipality" = "t13"."_d_municipality"
  AND "t21"."period" = "t13"."_d_period"
