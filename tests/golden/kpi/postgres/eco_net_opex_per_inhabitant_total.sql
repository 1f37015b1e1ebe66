SELECT
  "t6"."municipality",
  "t6"."period",
  '' AS "breakdown",
  COALESCE("t8"."value", 0) AS "numerator",
  "t6"."value" AS "denominator",
  "t6"."n",
  CASE
    WHEN "t6"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t8"."value", 0) AS DOUBLE PRECISION) / "t6"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t3"."municipality",
    CAST("t3"."_period_raw" AS VARCHAR) AS "period",
    "t3"."value",
    "t3"."n"
  FROM (
    SELECT
      "t0"."municipality",
      "t0"."year" AS "_period_raw",
      CAST(SUM("t0"."count") AS DOUBLE PRECISION) AS "value",
      SUM("t0"."count") AS "n"
    FROM "population" AS "t0"
    GROUP BY
      1,
      2
  ) AS "t3"
  WHERE
    "t3"."_period_raw" BETWEEN 2000 AND 2040
) AS "t6"
LEFT OUTER JOIN (
  SELECT
    "t4"."municipality",
    CAST("t4"."_period_raw" AS VARCHAR) AS "period",
    "t4"."value",
    "t4"."n"
  FROM (
    SELECT
      "t2"."municipality",
      "t2"."year" AS "_period_raw",
      SUM("t2"."amount_dkk") AS "value",
      COUNT("t2"."amount_dkk") AS "n"
    FROM (
      SELECT
        *
      FROM "accounts" AS "t1"
      WHERE
        "t1"."kind" = 'regnskab'
    ) AS "t2"
    GROUP BY
      1,
      2
  ) AS "t4"
  WHERE
    "t4"."_period_raw" BETWEEN 2000 AND 2040
) AS "t8"
  ON "t6"."municipality" = "t8"."municipality" AND "t6"."period" = "t8"."period"
