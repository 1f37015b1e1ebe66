WITH "t7" AS (
  SELECT
    "t0"."municipality",
    "t0"."year",
    "t0"."sex",
    "t0"."age",
    "t0"."count",
    "t0"."year" AS "period"
  FROM "population" AS "t0"
  WHERE
    "t0"."age" BETWEEN 16 AND 66
), "t19" AS (
  SELECT
    "t18"."person_id",
    "t18"."municipality",
    "t18"."year",
    "t18"."benefit",
    "t18"."start_date",
    "t18"."end_date",
    "t18"."birth_year",
    "t18"."sex",
    "t18"."period",
    "t18"."period" - "t18"."birth_year" AS "age"
  FROM (
    SELECT
      "t17"."person_id",
      "t17"."municipality",
      "t17"."year",
      "t17"."benefit",
      "t17"."start_date",
      "t17"."end_date",
      "t17"."birth_year",
      "t17"."sex",
      "t8"."period"
    FROM (
      SELECT
        "t11"."person_id",
        "t11"."municipality",
        "t11"."year",
        "t11"."benefit",
        "t11"."start_date",
        "t11"."end_date",
        "t11"."birth_year",
        "t11"."sex"
      FROM (
        SELECT
          "t4"."person_id",
          "t4"."municipality",
          "t4"."year",
          "t4"."benefit",
          "t4"."start_date",
          "t4"."end_date",
          "t9"."person_id" AS "person_id_right",
          "t9"."birth_year",
          "t9"."sex"
        FROM "benefit_spells" AS "t4"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            *
          FROM "persons" AS "t3"
        ) AS "t9"
          ON "t4"."person_id" = "t9"."person_id"
      ) AS "t11"
    ) AS "t17"
    INNER JOIN (
      SELECT
        "t1"."year" AS "period",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t8"
      ON "t17"."start_date" <= "t8"."_p_end"
      AND (
        (
          "t17"."end_date" IS NULL
        ) OR (
          "t17"."end_date" >= "t8"."_p_start"
        )
      )
  ) AS "t18"
  WHERE
    "t18"."period" - "t18"."birth_year" BETWEEN 16 AND 66
)
SELECT
  *
FROM (
  SELECT
    "t15"."municipality",
    "t15"."period",
    '' AS "breakdown",
    COALESCE("t23"."value", 0) AS "numerator",
    "t15"."value" AS "denominator",
    "t15"."n",
    CASE
      WHEN "t15"."value" = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(COALESCE("t23"."value", 0) AS DOUBLE PRECISION) / "t15"."value"
    END * 100.0 AS "value"
  FROM (
    SELECT
      "t10"."municipality",
      "t10"."period",
      CAST(SUM("t10"."count") AS DOUBLE PRECISION) AS "value",
      SUM("t10"."count") AS "n"
    FROM "t7" AS "t10"
    GROUP BY
      1,
      2
  ) AS "t15"
  LEFT OUTER JOIN (
    SELECT
      "t20"."municipality",
      "t20"."period",
      CAST(COUNT(DISTINCT "t20"."person_id") AS DOUBLE PRECISION) AS "value",
      COUNT(DISTINCT "t20"."person_id") AS "n"
    FROM "t19" AS "t20"
    GROUP BY
      1,
      2
  ) AS "t23"
    ON "t15"."municipality" = "t23"."municipality" AND "t15"."period" = "t23"."period"
) AS "t25"
UNION ALL
SELECT
  *
FROM (
  SELECT
    "t16"."municipality",
    "t16"."period",
    'sex=' || "t16"."sex" AS "breakdown",
    COALESCE("t24"."value", 0) AS "numerator",
    "t16"."value" AS "denominator",
    "t16"."n",
    CASE
      WHEN "t16"."value" = 0
      THEN CAST(NULL AS DOUBLE PRECISION)
      ELSE CAST(COALESCE("t24"."value", 0) AS DOUBLE PRECISION) / "t16"."value"
    END * 100.0 AS "value"
  FROM (
    SELECT
      "t10"."municipality",
      "t10"."period",
      "t10"."sex",
      CAST(SUM("t10"."count") AS DOUBLE PRECISION) AS "value",
      SUM("t10"."count") AS "n"
    FROM "t7" AS "t10"
    GROUP BY
      1,
      2,
      3
  ) AS "t16"
  LEFT OUTER JOIN (
    SELECT
      "t20"."municipality",
      "t20"."period",
      "t20"."sex",
      CAST(COUNT(DISTINCT "t20"."person_id") AS DOUBLE PRECISION) AS "value",
      COUNT(DISTINCT "t20"."person_id") AS "n"
    FROM "t19" AS "t20"
    GROUP BY
      1,
      2,
      3
  ) AS "t24"
    ON "t16"."municipality" = "t24"."municipality"
    AND "t16"."period" = "t24"."period"
    AND "t16"."sex" = "t24"."sex"
) AS "t26"
