WITH "t5" AS (
  SELECT
    "t2"."year" AS "_p_year",
    "t2"."start_date" AS "_p_start",
    "t2"."end_date" AS "_p_end"
  FROM "ref_periods" AS "t2"
), "t15" AS (
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
), "t17" AS (
  SELECT
    "t14"."person_id",
    "t14"."municipality",
    "t14"."year",
    "t14"."benefit",
    "t14"."start_date",
    "t14"."end_date",
    "t14"."birth_year",
    "t14"."sex",
    "t14"."_p_year",
    "t14"."_p_start",
    "t14"."_p_end",
    CAST("t14"."_p_year" AS TEXT) AS "period",
    "t14"."_p_year" - "t14"."birth_year" AS "age"
  FROM (
    SELECT
      "t4"."person_id",
      "t4"."municipality",
      "t4"."year",
      "t4"."benefit",
      "t4"."start_date",
      "t4"."end_date",
      "t9"."birth_year",
      "t9"."sex",
      "t12"."_p_year",
      "t12"."_p_start",
      "t12"."_p_end"
    FROM "benefit_spells" AS "t4"
    LEFT OUTER JOIN (
      SELECT DISTINCT
        *
      FROM "persons" AS "t3"
    ) AS "t9"
      ON "t4"."person_id" = "t9"."person_id"
    INNER JOIN "t5" AS "t12"
      ON "t4"."start_date" <= "t12"."_p_end"
      AND (
        (
          "t4"."end_date" IS NULL
        ) OR (
          "t4"."end_date" >= "t12"."_p_start"
        )
      )
  ) AS "t14"
  WHERE
    "t14"."_p_year" - "t14"."birth_year" BETWEEN 16 AND 66
)
SELECT
  *
FROM (
  SELECT
    "t21"."municipality",
    "t21"."period",
    '' AS "breakdown",
    COALESCE("t25"."value", 0) AS "numerator",
    "t21"."value" AS "denominator",
    "t21"."n",
    CASE
      WHEN "t21"."value" = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE COALESCE("t25"."value", 0) / "t21"."value"
    END * 100.0 AS "value"
  FROM (
    SELECT
      "t16"."municipality",
      "t16"."period",
      CAST(SUM("t16"."count") AS DOUBLE) AS "value",
      SUM("t16"."count") AS "n"
    FROM "t15" AS "t16"
    GROUP BY
      1,
      2
  ) AS "t21"
  LEFT OUTER JOIN (
    SELECT
      "t18"."municipality",
      "t18"."period",
      CAST(COUNT(DISTINCT "t18"."person_id") AS DOUBLE) AS "value",
      COUNT(DISTINCT "t18"."person_id") AS "n"
    FROM "t17" AS "t18"
    GROUP BY
      1,
      2
  ) AS "t25"
    ON "t21"."municipality" = "t25"."municipality" AND "t21"."period" = "t25"."period"
) AS "t27"
UNION ALL
SELECT
  *
FROM (
  SELECT
    "t22"."municipality",
    "t22"."period",
    'sex=' || "t22"."sex" AS "breakdown",
    COALESCE("t26"."value", 0) AS "numerator",
    "t22"."value" AS "denominator",
    "t22"."n",
    CASE
      WHEN "t22"."value" = 0
      THEN CAST(NULL AS DOUBLE)
      ELSE COALESCE("t26"."value", 0) / "t22"."value"
    END * 100.0 AS "value"
  FROM (
    SELECT
      "t16"."municipality",
      "t16"."period",
      "t16"."sex",
      CAST(SUM("t16"."count") AS DOUBLE) AS "value",
      SUM("t16"."count") AS "n"
    FROM "t15" AS "t16"
    GROUP BY
      1,
      2,
      3
  ) AS "t22"
  LEFT OUTER JOIN (
    SELECT
      "t18"."municipality",
      "t18"."period",
      "t18"."sex",
      CAST(COUNT(DISTINCT "t18"."person_id") AS DOUBLE) AS "value",
      COUNT(DISTINCT "t18"."person_id") AS "n"
    FROM "t17" AS "t18"
    GROUP BY
      1,
      2,
      3
  ) AS "t26"
    ON "t22"."municipality" = "t26"."municipality"
    AND "t22"."period" = "t26"."period"
    AND "t22"."sex" = "t26"."sex"
) AS "t28"
