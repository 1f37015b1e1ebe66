WITH "t6" AS (
  SELECT
    "t5"."person_id",
    "t5"."municipality",
    "t5"."year",
    "t5"."area",
    "t5"."fte",
    "t5"."sick_days",
    "t5"."start_date",
    "t5"."end_date",
    "t5"."period",
    "t4"."_p_year",
    "t4"."_p_start",
    "t4"."_p_end"
  FROM (
    SELECT
      "t0"."person_id",
      "t0"."municipality",
      "t0"."year",
      "t0"."area",
      "t0"."fte",
      "t0"."sick_days",
      "t0"."start_date",
      "t0"."end_date",
      "t0"."year" AS "_year",
      CAST("t0"."year" AS VARCHAR) AS "period"
    FROM "employees" AS "t0"
  ) AS "t5"
  INNER JOIN (
    SELECT
      "t1"."year" AS "_p_year",
      "t1"."start_date" AS "_p_start",
      "t1"."end_date" AS "_p_end"
    FROM "ref_periods" AS "t1"
  ) AS "t4"
    ON "t5"."_year" = "t4"."_p_year"
)
SELECT
  "t13"."municipality",
  "t13"."period",
  '' AS "breakdown",
  COALESCE("t12"."value", 0) AS "numerator",
  "t13"."value" AS "denominator",
  "t13"."n",
  CASE
    WHEN "t13"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t12"."value", 0) AS DOUBLE PRECISION) / "t13"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t9"."municipality",
    "t9"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "t6" AS "t7"
    WHERE
      "t7"."start_date" <= "t7"."_p_start"
      AND (
        (
          "t7"."end_date" IS NULL
        ) OR (
          "t7"."end_date" >= "t7"."_p_start"
        )
      )
  ) AS "t9"
  GROUP BY
    1,
    2
) AS "t13"
LEFT OUTER JOIN (
  SELECT
    "t8"."municipality",
    "t8"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "t6" AS "t7"
    WHERE
      "t7"."end_date" BETWEEN "t7"."_p_start" AND "t7"."_p_end"
  ) AS "t8"
  GROUP BY
    1,
    2
) AS "t12"
  ON "t13"."municipality" = "t12"."municipality" AND "t13"."period" = "t12"."period"
