SELECT
  "t13"."municipality",
  "t13"."period",
  '' AS "breakdown",
  COALESCE("t17"."value", 0) AS "numerator",
  "t13"."value" AS "denominator",
  "t13"."n",
  CASE
    WHEN "t13"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t17"."value", 0) / "t13"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t10"."municipality",
    "t10"."_period_raw",
    "t10"."value",
    "t10"."n",
    "t10"."_period_raw" AS "_year",
    CAST("t10"."_period_raw" AS TEXT) AS "period"
  FROM (
    SELECT
      "t7"."municipality",
      "t7"."year" AS "_period_raw",
      CAST(SUM("t7"."count") AS DOUBLE) AS "value",
      SUM("t7"."count") AS "n"
    FROM (
      SELECT
        *
      FROM "population" AS "t1"
      WHERE
        "t1"."age" >= 80
    ) AS "t7"
    GROUP BY
      1,
      2
  ) AS "t10"
) AS "t13"
INNER JOIN (
  SELECT
    "t0"."year" AS "_p_year"
  FROM "ref_periods" AS "t0"
) AS "t5"
  ON "t13"."_year" = "t5"."_p_year"
LEFT OUTER JOIN (
  SELECT
    "t15"."municipality",
    "t15"."period",
    CAST(COUNT(DISTINCT "t15"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t15"."person_id") AS "n"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t11"."person_id",
        "t11"."municipality",
        "t11"."year",
        "t11"."month",
        "t11"."birth_date",
        "t11"."hours",
        "t11"."period",
        "t11"."_p_year",
        "t11"."_p_start",
        "t11"."_p_end",
        (
          "t11"."_p_year" - EXTRACT(year FROM "t11"."birth_date")
        ) - CASE
          WHEN (
            EXTRACT(month FROM "t11"."birth_date") = 1
          )
          AND (
            EXTRACT(day FROM "t11"."birth_date") = 1
          )
          THEN 0
          ELSE 1
        END AS "age"
      FROM (
        SELECT
          "t9"."person_id",
          "t9"."municipality",
          "t9"."year",
          "t9"."month",
          "t9"."birth_date",
          "t9"."hours",
          "t9"."period",
          "t6"."_p_year",
          "t6"."_p_start",
          "t6"."_p_end"
        FROM (
          SELECT
            "t2"."person_id",
            "t2"."municipality",
            "t2"."year",
            "t2"."month",
            "t2"."birth_date",
            "t2"."hours",
            "t2"."year" AS "_year",
            CAST("t2"."year" AS TEXT) AS "period"
          FROM "home_care" AS "t2"
        ) AS "t9"
        INNER JOIN (
          SELECT
            "t0"."year" AS "_p_year",
            "t0"."start_date" AS "_p_start",
            "t0"."end_date" AS "_p_end"
          FROM "ref_periods" AS "t0"
        ) AS "t6"
          ON "t9"."_year" = "t6"."_p_year"
      ) AS "t11"
    ) AS "t14"
    WHERE
      "t14"."age" >= 80
  ) AS "t15"
  GROUP BY
    1,
    2
) AS "t17"
  ON "t13"."municipality" = "t17"."municipality" AND "t13"."period" = "t17"."period"
