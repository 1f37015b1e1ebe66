SELECT
  "t22"."municipality" AS "municipality",
  "t22"."period" AS "period",
  '' AS "breakdown",
  CASE
    WHEN "t23"."_d_municipality" IS NULL
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE COALESCE("t27"."value", 0)
  END AS "numerator",
  "t22"."value" AS "denominator",
  "t22"."n" AS "n",
  CASE
    WHEN "t22"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(CASE
      WHEN "t23"."_d_municipality" IS NULL
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE COALESCE("t27"."value", 0)
    END AS DOUBLE PRECISION) / "t22"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t0"."year" AS VARCHAR) AS "period",
    CAST(SUM("t0"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  INNER JOIN "ref_periods" AS "t2"
    ON "t0"."year" = "t2"."year"
  WHERE
    "t0"."age" BETWEEN 16 AND 66
  GROUP BY
    "t0"."municipality",
    CAST("t0"."year" AS VARCHAR)
) AS "t22"
LEFT OUTER JOIN (
  SELECT
    "t1"."municipality" AS "municipality",
    CAST("t2"."year" AS VARCHAR) AS "period",
    CAST(COUNT(DISTINCT "t1"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t1"."person_id") AS "n"
  FROM "benefit_spells" AS "t1"
  LEFT OUTER JOIN (
    SELECT DISTINCT
      "t3"."person_id" AS "person_id",
      "t3"."birth_date" AS "birth_date"
    FROM "persons" AS "t3"
  ) AS "t12"
    ON "t1"."person_id" = "t12"."person_id"
  INNER JOIN "ref_periods" AS "t2"
    ON (
      "t1"."start_date" <= "t2"."start_date"
      AND COALESCE("t1"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t2"."start_date"
    )
    AND (
      "t2"."year" >= (
        SELECT
          MIN("t1"."year") AS "Min(year)"
        FROM "benefit_spells" AS "t1"
      )
      AND "t2"."year" <= (
        SELECT
          MAX("t1"."year") AS "Max(year)"
        FROM "benefit_spells" AS "t1"
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
    AND "t1"."benefit" = 'førtidspension'
  GROUP BY
    "t1"."municipality",
    CAST("t2"."year" AS VARCHAR)
) AS "t27"
  ON "t22"."municipality" = "t27"."municipality" AND "t22"."period" = "t27"."period"
LEFT OUTER JOIN (
  SELECT
    "t18"."_d_municipality" AS "_d_municipality",
    CAST("t18"."_y" - 0 AS VARCHAR) AS "_d_period"
  FROM (
    SELECT
      "t7"."_d_municipality" AS "_d_municipality",
      "t7"."_y" AS "_y",
      MIN("t7"."_y") OVER (
        PARTITION BY "t7"."_d_municipality"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS "_first",
      ROW_NUMBER() OVER (
        PARTITION BY "t7"."_d_municipality"
        ORDER BY "t7"."_y" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) - 1 AS "_k"
    FROM (
      SELECT DISTINCT
        "t1"."municipality" AS "_d_municipality",
        "t1"."year" AS "_y"
      FROM "benefit_spells" AS "t1"
      WHERE
        NOT "t1"."year" IS NULL
    ) AS "t7"
  ) AS "t18"
  WHERE
    (
      "t18"."_y" - "t18"."_first"
    ) = "t18"."_k"
) AS "t23"
  ON "t22"."municipality" = "t23"."_d_municipality"
  AND "t22"."period" = "t23"."_d_period"
