SELECT
  "t17"."municipality",
  "t17"."period",
  '' AS "breakdown",
  COALESCE("t22"."value", 0) AS "numerator",
  "t17"."value" AS "denominator",
  "t17"."n",
  CASE
    WHEN "t17"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t22"."value", 0) AS DOUBLE PRECISION) / "t17"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t14"."municipality",
    "t14"."_period_raw",
    "t14"."value",
    "t14"."n",
    "t14"."_period_raw" AS "_year",
    CAST("t14"."_period_raw" AS VARCHAR) AS "period"
  FROM (
    SELECT
      "t7"."municipality",
      "t7"."year" AS "_period_raw",
      CAST(SUM("t7"."count") AS DOUBLE PRECISION) AS "value",
      SUM("t7"."count") AS "n"
    FROM (
      SELECT
        *
      FROM "population" AS "t1"
      WHERE
        "t1"."age" BETWEEN 16 AND 66
    ) AS "t7"
    GROUP BY
      1,
      2
  ) AS "t14"
) AS "t17"
INNER JOIN (
  SELECT
    "t0"."year" AS "_p_year"
  FROM "ref_periods" AS "t0"
) AS "t6"
  ON "t17"."_year" = "t6"."_p_year"
LEFT OUTER JOIN (
  SELECT
    "t20"."municipality",
    "t20"."period",
    CAST(COUNT(DISTINCT "t20"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t20"."person_id") AS "n"
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
          "t12"."person_id",
          "t12"."municipality",
          "t12"."year",
          "t12"."benefit",
          "t12"."start_date",
          "t12"."end_date",
          "t12"."comment",
          "t11"."birth_date",
          "t15"."_p_year",
          "t15"."_p_start",
          "t15"."_p_end"
        FROM (
          SELECT
            *
          FROM "benefit_spells" AS "t2"
          WHERE
            "t2"."benefit" = 'førtidspension'
        ) AS "t12"
        LEFT OUTER JOIN (
          SELECT DISTINCT
            "t3"."person_id",
            "t3"."birth_date"
          FROM "persons" AS "t3"
        ) AS "t11"
          ON "t12"."person_id" = "t11"."person_id"
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
        ) AS "t15"
          ON "t12"."start_date" <= "t15"."_p_start"
          AND COALESCE("t12"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= "t15"."_p_start"
      ) AS "t18"
    ) AS "t19"
    WHERE
      "t19"."age" BETWEEN 16 AND 66
  ) AS "t20"
  GROUP BY
    1,
    2
) AS "t22"
  ON "t17"."municipality" = "t22"."municipality" AND "t17"."period" = "t22"."period"
