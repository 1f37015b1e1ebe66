SELECT
  "t4"."municipality" AS "municipality",
  CAST("t4"."_period_raw" AS TEXT) AS "period",
  '' AS "breakdown",
  "t3"."value" AS "numerator",
  "t4"."value" AS "denominator",
  "t4"."n" AS "n",
  CASE
    WHEN "t4"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE "t3"."value" / "t4"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "_period_raw",
    CAST(SUM("t0"."count") AS DOUBLE) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  WHERE
    "t0"."year" BETWEEN 2000 AND 2040
  GROUP BY
    "t0"."municipality",
    "t0"."year"
) AS "t4"
LEFT OUTER JOIN (
  SELECT
    "t1"."municipality" AS "municipality",
    "t1"."year" AS "_period_raw",
    COALESCE(
      SUM("t1"."amount_dkk") FILTER(WHERE
        (
          "t1"."kind" = 'regnskab'
        ) AND (
          "t1"."main_account" = 2
        )),
      0
    ) AS "value",
    COUNT("t1"."amount_dkk") FILTER(WHERE
      (
        "t1"."kind" = 'regnskab'
      ) AND (
        "t1"."main_account" = 2
      )) AS "n"
  FROM "accounts" AS "t1"
  GROUP BY
    "t1"."municipality",
    "t1"."year"
) AS "t3"
  ON "t4"."municipality" = "t3"."municipality"
  AND "t4"."_period_raw" = "t3"."_period_raw"
