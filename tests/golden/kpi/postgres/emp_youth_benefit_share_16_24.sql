SELECT
  "t20"."municipality",
  "t20"."period",
  '' AS "breakdown",
  CASE
    WHEN "t13"."_d_municipality" IS NULL
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE COALESCE("t24"."value", 0)
  END AS "numerator",
  "t20"."value" AS "denominator",
  "t20"."n",
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
    "t17"."municipality",
    "t17"."period",
    CAST(SUM("t17"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t17"."count") AS "n"
  FROM (
    SELECT
      "t14"."municipality",
      "t14"."year",
      "t14"."sex",
      "t14"."age",
      "t14"."count",
      "t14"."period",
      "t11"."_p_year",
      "t11"."_p_start",
      "t11"."_p_end"
    FROM (
      SELECT
        "t1"."municipality",
        "t1"."year",
        "t1"."sex",
        "t1"."age",
        "t1"."count",
        "t1"."year" AS "_year",
        CAST("t1"."year" AS VARCHAR) AS "period"
      FROM "population" AS "t1"
      WHERE
        "t1"."age" BETWEEN 16 AND 24
    ) AS "t14"
    INNER JOIN (
      SELECT
        "t2"."year" AS "_p_year",
        "t2"."start_date" AS "_p_start",
        "t2"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t2"
    ) AS "t11"
      ON "t14"."_year" = "t11"."_p_year"
  ) AS "t17"
  GROUP BY
    1,
    2
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    "t22"."municipality",
    "t22"."period",
    CAST(COUNT(DISTINCT "t22"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t22"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t18"."person_id",
        "t18"."municipality",
        "t18"."year",
        "t18"."benefit",
        "t18"."start_date",
        "t18"."end_date",
        "t18"."comment",
        "t18"."birth_date",
        "t18"."_p_year",
        "t18"."_p_start",
        "t18"."_p_end",
        CAST("t18"."_p_year" AS VARCHAR) AS "period",
        (
          "t18"."_p_year" - EXTRACT(year FROM "t18"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t18"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t18"."birth_date") = 1
          )
          THEN 0
          ELSE 1
        END AS "age"
      FROM (
        SELECT
          "t4"."person_id",
          "t4"."municipality",
          "t4"."year",
          "t4"."benefit",
          "t4"."start_date",
          "t4"."end_date",
          "t4"."comment",
          "t12"."birth_date",
          "t16"."_p_year",
          "t16"."_p_start",
          "t16"."_p_end"
        FROM "benefit_spells" AS "t4"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            "t3"."person_id",
            "t3"."birth_date"
          FROM "persons" AS "t3"
        ) AS "t12"
          ON "t4"."person_id" = "t12"."person_id"
        INNER JOIN (
          SELECT
            "t2"."year" AS "_p_year",
            "t2"."start_date" AS "_p_start",
            "t2"."end_date" AS "_p_end"
          FROM "ref_periods" AS "t2"
          WHERE
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
        ) AS "t16"
          ON "t4"."start_date" <= "t16"."_p_end"
          AND COALESCE("t4"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t16"."_p_start"
      ) AS "t18"
    ) AS "t21"
    WHERE
      "t21"."age" BETWEEN 16 AND 24
  ) AS "t22"
  GROUP BY
    1,
    2
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
