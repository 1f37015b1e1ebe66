SELECT
  "t19"."municipality",
  "t19"."period",
  '' AS "breakdown",
  COALESCE("t23"."value", 0) AS "numerator",
  "t19"."value" AS "denominator",
  "t19"."n",
  CASE
    WHEN "t19"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t23"."value", 0) AS DOUBLE PRECISION) / "t19"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t16"."municipality",
    "t16"."period",
    CAST(SUM("t16"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t16"."count") AS "n"
  FROM (
    SELECT
      "t12"."municipality",
      "t12"."year",
      "t12"."sex",
      "t12"."age",
      "t12"."count",
      "t12"."period",
      "t7"."_p_year",
      "t7"."_p_start",
      "t7"."_p_end"
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
      WHERE
        "t0"."age" BETWEEN 16 AND 66
    ) AS "t12"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t7"
      ON "t12"."_year" = "t7"."_p_year"
  ) AS "t16"
  GROUP BY
    1,
    2
) AS "t19"
LEFT OUTER JOIN (
  SELECT
    "t21"."municipality",
    "t21"."period",
    CAST(COUNT(DISTINCT "t21"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t21"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t17"."person_id",
        "t17"."municipality",
        "t17"."year",
        "t17"."benefit",
        "t17"."start_date",
        "t17"."end_date",
        "t17"."comment",
        "t17"."birth_date",
        "t17"."_p_year",
        "t17"."_p_start",
        "t17"."_p_end",
        CAST("t17"."_p_year" AS VARCHAR) AS "period",
        (
          "t17"."_p_year" - EXTRACT(year FROM "t17"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t17"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t17"."birth_date") = 1
          )
          THEN 0
          ELSE 1
        END AS "age"
      FROM (
        SELECT
          "t13"."person_id",
          "t13"."municipality",
          "t13"."year",
          "t13"."benefit",
          "t13"."start_date",
          "t13"."end_date",
          "t13"."comment",
          "t11"."birth_date",
          "t15"."_p_year",
          "t15"."_p_start",
          "t15"."_p_end"
        FROM (
          SELECT
            *
          FROM "benefit_spells" AS "t2"
          WHERE
            "t2"."benefit" = 'kontanthjælp'
        ) AS "t13"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            "t3"."person_id",
            "t3"."birth_date"
          FROM "persons" AS "t3"
        ) AS "t11"
          ON "t13"."person_id" = "t11"."person_id"
        INNER JOIN (
          SELECT
            "t1"."year" AS "_p_year",
            "t1"."start_date" AS "_p_start",
            "t1"."end_date" AS "_p_end"
          FROM "ref_periods" AS "t1"
          WHERE
            "t1"."year" >= (
              SELECT
                MIN("t2"."year") AS "Min(year)"
              FROM "benefit_spells" AS "t2"
            )
            AND "t1"."year" <= (
              SELECT
                MAX("t2"."year") AS "Max(year)"
              FROM "benefit_spells" AS "t2"
            )
        ) AS "t15"
          ON "t13"."start_date" <= "t15"."_p_start"
          AND COALESCE("t13"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t15"."_p_start"
      ) AS "t17"
    ) AS "t20"
    WHERE
      "t20"."age" BETWEEN 16 AND 66
  ) AS "t21"
  GROUP BY
    1,
    2
) AS "t23"
  ON "t19"."municipality" = "t23"."municipality" AND "t19"."period" = "t23"."period"
