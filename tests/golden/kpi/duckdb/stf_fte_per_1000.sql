SELECT
  "t8"."municipality",
  CAST("t8"."_period_raw" AS TEXT) AS "period",
  '' AS "breakdown",
  "t8"."value_right" AS "numerator",
  "t8"."value" AS "denominator",
  "t8"."n",
  CASE
    WHEN "t8"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE "t8"."value_right" / "t8"."value"
  END * 1000.0 AS "value"
FROM (
  SELECT
    "t7"."municipality",
    "t7"."_period_raw",
    "t7"."value",
    "t7"."n",
    "t6"."municipality" AS "municipality_right",
    "t6"."_period_raw" AS "_period_raw_right",
    "t6"."value" AS "value_right",
    "t6"."n" AS "n_right"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t0"."municipality",
        "t0"."year" AS "_period_raw",
        CAST(SUM("t0"."count") AS DOUBLE) AS "value",
        SUM("t0"."count") AS "n"
      FROM "population" AS "t0"
      GROUP BY
        1,
        2
    ) AS "t2"
    WHERE
      "t2"."_period_raw" BETWEEN 2000 AND 2040
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        "t1"."municipality",
        "t1"."year" AS "_period_raw",
        COALESCE(SUM("t1"."fte"), 0) AS "value",
        COUNT("t1"."fte") AS "n"
      FROM "employees" AS "t1"
      GROUP BY
        1,
        2
    ) AS "t3"
  ) AS "t6"
    ON "t7"."municipality" = "t6"."municipality"
    AND "t7"."_period_raw" = "t6"."_period_raw"
) AS "t8"
