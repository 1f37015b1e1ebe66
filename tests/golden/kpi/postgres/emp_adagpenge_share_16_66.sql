WITH "t5" AS (
  SELECT
    "t2"."year" AS "_p_year",
    "t2"."start_date" AS "_p_start",
    "t2"."end_date" AS "_p_end"
  FROM "ref_periods" AS "t2"
)
SELECT
  "t17"."municipality",
  "t17"."period",
  '' AS "breakdown",
  COALESCE("t21"."value", 0) AS "numerator",
  "t17"."value" AS "denominator",
  "t17"."n",
  CASE
    WHEN "t17"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t21"."value", 0) AS DOUBLE PRECISION) / "t17"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t15"."municipality",
    "t15"."period",
    CAST(SUM("t15"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t15"."count") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t10"."municipality",
        "t10"."year",
        "t10"."sex",
        "t10"."age",
        "t10"."count",
        "t10"."period",
        "t11"."_p_year",
        "t11"."_p_start",
        "t11"."_p_end"
      FROM (
        SELECT
          "t0"."municipality",
          "t0"."year",
          "t0"."sex",
          "t0"."age",
          "t0"."count",
          "t0"."year" AS "_year",
          CAST("t0"."year" AS VARCHAR) AS "period"
        FROM "population" AS "t0"
      ) AS "t10"
      INNER JOIN "t5" AS "t11"
        ON "t10"."_year" = "t11"."_p_year"
    ) AS "t13"
    WHERE
      "t13"."age" BETWEEN 16 AND 66
  ) AS "t15"
  GROUP BY
    1,
    2
) AS "t17"
LEFT OUTER JOIN (
  SELECT
    "t19"."municipality",
    "t19"."period",
    CAST(COUNT(DISTINCT "t19"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t19"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t14"."person_id",
        "t14"."municipality",
        "t14"."year",
        "t14"."benefit",
        "t14"."start_date",
        "t14"."end_date",
        "t14"."comment",
        "t14"."birth_date",
        "t14"."_p_year",
        "t14"."_p_start",
        "t14"."_p_end",
        CAST("t14"."_p_year" AS VARCHAR) AS "period",
        (
          "t14"."_p_year" - EXTRACT(year FROM "t14"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t14"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t14"."birth_date") = 1
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
          "t9"."birth_date",
          "t12"."_p_year",
          "t12"."_p_start",
          "t12"."_p_end"
        FROM "benefit_spells" AS "t4"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            "t3"."person_id",
            "t3"."birth_date"
          FROM "persons" AS "t3"
        ) AS "t9"
          ON "t4"."person_id" = "t9"."person_id"
        INNER JOIN "t5" AS "t12"
          ON "t4"."start_date" <= "t12"."_p_start"
          AND (
            (
              "t4"."end_date" IS NULL
            ) OR (
              "t4"."end_date" >= "t12"."_p_start"
            )
          )
      ) AS "t14"
    ) AS "t18"
    WHERE
      "t18"."age" BETWEEN 16 AND 66 AND "t18"."benefit" = 'a-dagpenge'
  ) AS "t19"
  GROUP BY
    1,
    2
) AS "t21"
  ON "t17"."municipality" = "t21"."municipality" AND "t17"."period" = "t21"."period"
