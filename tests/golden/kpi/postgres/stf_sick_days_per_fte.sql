SELECT
  "t7"."municipality",
  "t7"."period",
  '' AS "breakdown",
  COALESCE("t7"."value_right", 0) AS "numerator",
  "t7"."value" AS "denominator",
  "t7"."n",
  CASE
    WHEN "t7"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t7"."value_right", 0) AS DOUBLE PRECISION) / "t7"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t6"."municipality",
    "t6"."period",
    SUM("t6"."fte") AS "value",
    COUNT("t6"."fte") AS "n",
    SUM("t6"."sick_days") AS "value_right"
  FROM (
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
  ) AS "t6"
  GROUP BY
    1,
    2
) AS "t7"
