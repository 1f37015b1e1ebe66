SELECT
  "t3"."municipality" AS "municipality",
  CAST("t3"."_period_raw" AS TEXT) AS "period",
  '' AS "breakdown",
  COALESCE("t4"."value", 0) AS "numerator",
  "t3"."value" AS "denominator",
  "t3"."n" AS "n",
  CASE
    WHEN "t3"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t4"."value", 0) / "t3"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "_period_raw",
    SUM("t0"."amount_dkk") AS "value",
    COUNT("t0"."amount_dkk") AS "n"
  FROM "accounts" AS "t0"
  WHERE
    "t0"."kind" = 'budget' AND "t0"."year" BETWEEN 2000 AND 2040
  GROUP BY
    "t0"."municipality",
    "t0"."year"
) AS "t3"
LEFT OUTER JOIN (
  SELECT
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "_period_raw",
    SUM(
      CASE
        WHEN "t0"."kind" = 'budget'
        THEN -(
          "t0"."amount_dkk"
        )
        ELSE "t0"."amount_dkk"
      END
    ) AS "value",
    COUNT(
      CASE
        WHEN "t0"."kind" = 'budget'
        THEN -(
          "t0"."amount_dkk"
        )
        ELSE "t0"."amount_dkk"
      END
    ) AS "n"
  FROM "accounts" AS "t0"
  WHERE
    "t0"."kind" IN ('regnskab', 'budget')
  GROUP BY
    "t0"."municipality",
    "t0"."year"
) AS "t4"
  ON "t3"."municipality" = "t4"."municipality"
  AND "t3"."_period_raw" = "t4"."_period_raw"
