WITH "t5" AS (
  SELECT
    "t1"."year" AS "_p_year",
    "t1"."start_date" AS "_p_start",
    "t1"."end_date" AS "_p_end"
  FROM "ref_periods" AS "t1"
), "t14" AS (
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
), "t17" AS (
  SELECT
    "t15"."person_id",
    "t15"."municipality",
    "t15"."year",
    "t15"."benefit",
    "t15"."start_date",
    "t15"."end_date",
    "t15"."comment",
    "t15"."birth_date",
    "t15"."_p_year",
    "t15"."_p_start",
    "t15"."_p_end",
    CAST("t15"."_p_year" AS TEXT) AS "period"
  FROM "t14" AS "t15"
)
SELECT
  "t20"."municipality",
  "t20"."period",
  '' AS "breakdown",
  COALESCE("t26"."value", 0) AS "numerator",
  "t20"."value" AS "denominator",
  "t20"."n",
  CASE
    WHEN "t20"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t26"."value", 0) / "t20"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t16"."municipality",
    "t16"."period",
    CAST(SUM("t16"."count") AS DOUBLE) AS "value",
    SUM("t16"."count") AS "n"
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
          CAST("t0"."year" AS TEXT) AS "period"
        FROM "population" AS "t0"
      ) AS "t10"
      INNER JOIN "t5" AS "t11"
        ON "t10"."_year" = "t11"."_p_year"
    ) AS "t13"
    WHERE
      "t13"."age" BETWEEN 16 AND 66
  ) AS "t16"
  GROUP BY
    1,
    2
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    "t24"."municipality",
    "t24"."period",
    CAST(COUNT(DISTINCT "t24"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t24"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t15"."person_id",
        "t15"."municipality",
        "t15"."year",
        "t15"."benefit",
        "t15"."start_date",
        "t15"."end_date",
        "t15"."comment",
        "t15"."birth_date",
        "t15"."_p_year",
        "t15"."_p_start",
        "t15"."_p_end",
        CAST("t15"."_p_year" AS TEXT) AS "period",
        (
          "t15"."_p_year" - EXTRACT(year FROM "t15"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t15"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t15"."birth_date") = 1
          )
          THEN 0
          ELSE 1
        END AS "age"
      FROM "t14" AS "t15"
      WHERE
        "t15"."_p_year" >= (
          SELECT
            MIN("t18"."year") AS "Min(year)"
          FROM "t17" AS "t18"
        )
        AND "t15"."_p_year" <= (
          SELECT
            MAX("t18"."year") AS "Max(year)"
          FROM "t17" AS "t18"
        )
    ) AS "t23"
    WHERE
      "t23"."age" BETWEEN 16 AND 66 AND "t23"."benefit" = 'a-dagpenge'
  ) AS "t24"
  GROUP BY
    1,
    2
) AS "t26"
  ON "t20"."municipality" = "t26"."municipality" AND "t20"."period" = "t26"."period"
