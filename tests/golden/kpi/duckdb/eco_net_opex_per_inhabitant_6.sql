SELECT
  "t9"."municipality",
  CAST("t9"."_period_raw" AS TEXT) AS "period",
  '' AS "breakdown",
  COALESCE("t9"."value_right", 0) AS "numerator",
  "t9"."value" AS "denominator",
  "t9"."n",
  CASE
    WHEN "t9"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t9"."value_right", 0) / "t9"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t6"."municipality",
    "t6"."_period_raw",
    "t6"."value",
    "t6"."n",
    "t8"."municipality" AS "municipality_right",
    "t8"."_period_raw" AS "_period_raw_right",
    "t8"."value" AS "value_right",
    "t8"."n" AS "n_right"
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
    ) AS "t3"
    WHERE
      "t3"."_period_raw" BETWEEN 2000 AND 2040
  ) AS "t6"
  LEFT OUTER JOIN (
    SELECT
      *
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
          "t1"."kind" = 'regnskab' AND "t1"."main_account" = 6
      ) AS "t2"
      GROUP BY
        1,
        2
    ) AS "t4"
    WHERE
      "t4"."_period_raw" BETWEEN 2000 AND 2040
  ) AS "t8"
    ON "t6"."municipality" = "t8"."municipality"
    AND "t6"."_period_raw" = "t8"."_period_raw"
) AS "t9"
