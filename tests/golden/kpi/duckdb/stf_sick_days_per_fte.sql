SELECT
  "t7"."municipality",
  "t7"."period",
  '' AS "breakdown",
  COALESCE("t7"."value_right", 0) AS "numerator",
  "t7"."value" AS "denominator",
  "t7"."n",
  CASE
    WHEN "t7"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t7"."value_right", 0) / "t7"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t6"."municipality",
    "t6"."period",
    "t6"."value",
    "t6"."n",
    "t6"."value_right"
  FROM (
    SELECT
      "t3"."municipality",
      "t3"."_period_raw",
      "t3"."value",
      "t3"."n",
      "t3"."value_right",
      "t3"."_period_raw" AS "_year",
      CAST("t3"."_period_raw" AS TEXT) AS "period"
    FROM (
      SELECT
        "t0"."municipality",
        "t0"."year" AS "_period_raw",
        SUM("t0"."fte") AS "value",
        COUNT("t0"."fte") AS "n",
        SUM("t0"."sick_days") AS "value_right"
      FROM "employees" AS "t0"
      GROUP BY
        1,
        2
    ) AS "t3"
  ) AS "t6"
  INNER JOIN (
    SELECT
      "t1"."year" AS "_p_year"
    FROM "ref_periods" AS "t1"
  ) AS "t4"
    ON "t6"."_year" = "t4"."_p_year"
) AS "t7"
