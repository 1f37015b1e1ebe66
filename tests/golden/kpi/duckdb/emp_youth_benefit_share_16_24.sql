SELECT
  "t18"."municipality",
  "t18"."period",
  '' AS "breakdown",
  COALESCE("t22"."value", 0) AS "numerator",
  "t18"."value" AS "denominator",
  "t18"."n",
  CASE
    WHEN "t18"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t22"."value", 0) / "t18"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t15"."municipality",
    "t15"."period",
    CAST(SUM("t15"."count") AS DOUBLE) AS "value",
    SUM("t15"."count") AS "n"
  FROM (
    SELECT
      "t12"."municipality",
      "t12"."year",
      "t12"."sex",
      "t12"."age",
      "t12"."count",
      "t12"."period",
      "t8"."_p_year",
      "t8"."_p_start",
      "t8"."_p_end"
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
      WHERE
        "t0"."age" BETWEEN 16 AND 24
    ) AS "t12"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t8"
      ON "t12"."_year" = "t8"."_p_year"
  ) AS "t15"
  GROUP BY
    1,
    2
) AS "t18"
LEFT OUTER JOIN (
  SELECT
    "t20"."municipality",
    "t20"."period",
    CAST(COUNT(DISTINCT "t20"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t20"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t16"."person_id",
        "t16"."municipality",
        "t16"."year",
        "t16"."benefit",
        "t16"."start_date",
        "t16"."end_date",
        "t16"."comment",
        "t16"."birth_date",
        "t16"."_p_year",
        "t16"."_p_start",
        "t16"."_p_end",
        CAST("t16"."_p_year" AS TEXT) AS "period",
        (
          "t16"."_p_year" - EXTRACT(year FROM "t16"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t16"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t16"."birth_date") = 1
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
        ) AS "t14"
          ON "t4"."start_date" <= "t14"."_p_end"
          AND COALESCE("t4"."end_date", MAKE_DATE(9999, 12, 31)) >= "t14"."_p_start"
      ) AS "t16"
    ) AS "t19"
    WHERE
      "t19"."age" BETWEEN 16 AND 24
  ) AS "t20"
  GROUP BY
    1,
    2
) AS "t22"
  ON "t18"."municipality" = "t22"."municipality" AND "t18"."period" = "t22"."period"
