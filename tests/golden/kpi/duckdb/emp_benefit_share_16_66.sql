SELECT
  "t21"."municipality" AS "municipality",
  "t21"."period" AS "period",
  '' AS "breakdown",
  CASE
    WHEN "t22"."_d_municipality" IS NULL
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t26"."value", 0)
  END AS "numerator",
  "t21"."value" AS "denominator",
  "t21"."n" AS "n",
  CASE
    WHEN "t21"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CASE
      WHEN "t22"."_d_municipality" IS NULL
      THEN CAST(NULL AS DOUBLE)
      ELSE COALESCE("t26"."value", 0)
    END / "t21"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t0"."year" AS TEXT) AS "period",
    CAST(SUM("t0"."count") AS DOUBLE) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  INNER JOIN "ref_periods" AS "t2"
    ON "t0"."year" = "t2"."year"
  WHERE
    "t0"."age" BETWEEN 16 AND 66
  GROUP BY
    "t0"."municipality",
    CAST("t0"."year" AS TEXT)
) AS "t21"
LEFT OUTER JOIN (
  SELECT
    "t4"."municipality" AS "municipality",
    CAST("t2"."year" AS TEXT) AS "period",
    CAST(COUNT(DISTINCT "t4"."person_id") AS DOUBLE) AS "value",
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
    ON "t4"."start_date" <= "t2"."start_date"
    AND COALESCE("t4"."end_date", MAKE_DATE(9999, 12, 31)) >= "t2"."start_date"
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
    AND (
      "t2"."year" >= (
        SELECT
          MIN("t1"."year") AS "min(year)"
        FROM "benefit_spells" AS "t1"
      )
      AND "t2"."year" <= (
        SELECT
          MAX("t1"."year") AS "max(year)"
        FROM "benefit_spells" AS "t1"
      )
    )
  GROUP BY
    "t4"."municipality",
    CAST("t2"."year" AS TEXT)
) AS "t26"
  ON "t21"."municipality" = "t26"."municipality" AND "t21"."period" = "t26"."period"
LEFT OUTER JOIN (
  SELECT
    "t17"."_d_municipality" AS "_d_municipality",
    CAST("t17"."_y" - 0 AS TEXT) AS "_d_period"
  FROM (
    SELECT
      "t8"."_d_municipality" AS "_d_municipality",
      "t8"."_y" AS "_y",
      MIN("t8"."_y") OVER (
        PARTITION BY "t8"."_d_municipality"
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS "_first",
      ROW_NUMBER() OVER (
        PARTITION BY "t8"."_d_municipality"
        ORDER BY "t8"."_y" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) - 1 AS "_k"
    FROM (
      SELECT DISTINCT
        "t1"."municipality" AS "_d_municipality",
        "t1"."year" AS "_y"
      FROM "benefit_spells" AS "t1"
      WHERE
        NOT "t1"."year" IS NULL
    ) AS "t8"
  ) AS "t17"
  WHERE
    (
      "t17"."_y" - "t17"."_first"
    ) = "t17"."_k"
) AS "t22"
  ON "t21"."municipality" = "t22"."_d_municipality"
  AND "t21"."period" = "t22"."_d_period"
