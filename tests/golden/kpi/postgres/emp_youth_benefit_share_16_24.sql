SELECT
  "t16"."municipality",
  "t16"."period",
  '' AS "breakdown",
  COALESCE("t21"."value", 0) AS "numerator",
  "t16"."value" AS "denominator",
  "t16"."n",
  CASE
    WHEN "t16"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t21"."value", 0) AS DOUBLE PRECISION) / "t16"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t13"."municipality",
    "t13"."_period_raw",
    "t13"."value",
    "t13"."n",
    "t13"."_period_raw" AS "_year",
    CAST("t13"."_period_raw" AS VARCHAR) AS "period"
  FROM (
    SELECT
      "t8"."municipality",
      "t8"."year" AS "_period_raw",
      CAST(SUM("t8"."count") AS DOUBLE PRECISION) AS "value",
      SUM("t8"."count") AS "n"
    FROM (
      SELECT
        *
      FROM "population" AS "t1"
      WHERE
        "t1"."age" BETWEEN 16 AND 24
    ) AS "t8"
    GROUP BY
      1,
      2
  ) AS "t13"
) AS "t16"
INNER JOIN (
  SELECT
    "t0"."year" AS "_p_year"
  FROM "ref_periods" AS "t0"
) AS "t7"
  ON "t16"."_year" = "t7"."_p_year"
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
          "t4"."person_id",
          "t4"."municipality",
          "t4"."year",
          "t4"."benefit",
          "t4"."start_date",
          "t4"."end_date",
          "t4"."comment",
          "t11"."birth_date",
          "t14"."_p_year",
          "t14"."_p_start",
          "t14"."_p_end"
        FROM "benefit_spells" AS "t4"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            "t3"."person_id",
            "t3"."birth_date"
          FROM "persons" AS "t3"
        ) AS "t11"
          ON "t4"."person_id" = "t11"."person_id"
        INNER JOIN (
          SELECT
            "t0"."year" AS "_p_year",
            "t0"."start_date" AS "_p_start",
            "t0"."end_date" AS "_p_end"
          FROM "ref_periods" AS "t0"
          WHERE
            "t0"."year" >= (
              SELECT
                MIN("t2"."year") AS "Min(year)"
              FROM "benefit_spells" AS "t2"
            )
            AND "t0"."year" <= (
              SELECT
                MAX("t2"."year") AS "Max(year)"
              FROM "benefit_spells" AS "t2"
            )
        ) AS "t14"
          ON "t4"."start_date" <= "t14"."_p_end"
          AND COALESCE("t4"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t14"."_p_start"
      ) AS "t17"
    ) AS "t18"
    WHERE
      "t18"."age" BETWEEN 16 AND 24
  ) AS "t19"
  GROUP BY
    1,
    2
) AS "t21"
  ON "t16"."municipality" = "t21"."municipality" AND "t16"."period" = "t21"."period"
