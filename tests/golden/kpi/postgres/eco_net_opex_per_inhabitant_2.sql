SELECT
  "t8"."municipality",
  CAST("t8"."_period_raw" AS VARCHAR) AS "period",
  '' AS "breakdown",
  "t8"."value_right" AS "numerator",
  "t8"."value" AS "denominator",
  "t8"."n",
  CASE
    WHEN "t8"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t8"."value_right" AS DOUBLE PRECISION) / "t8"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t5"."municipality",
    "t5"."_period_raw",
    "t5"."value",
    "t5"."n",
    "t7"."municipality" AS "municipality_right",
    "t7"."_period_raw" AS "_period_raw_right",
    "t7"."value" AS "value_right",
    "t7"."n" AS "n_right"
  FROM (
    SELECT
      *
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
    ) AS "t2"
    WHERE
      "t2"."_period_raw" BETWEEN 2000 AND 2040
  ) AS "t5"
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        "t1"."municipality",
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
        1,
        2
    ) AS "t3"
  ) AS "t7"
    ON "t5"."municipality" = "t7"."municipality"
    AND "t5"."_period_raw" = "t7"."_period_raw"
) AS "t8"
