SELECT
  "t9"."municipality",
  "t9"."period",
  '' AS "breakdown",
  COALESCE("t13"."value", 0) AS "numerator",
  "t9"."value" AS "denominator",
  "t9"."n",
  CASE
    WHEN "t9"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t13"."value", 0) AS DOUBLE PRECISION) / "t9"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t6"."municipality",
    "t6"."_period_raw",
    "t6"."value",
    "t6"."n",
    "t6"."_period_raw" AS "_year",
    CAST("t6"."_period_raw" AS VARCHAR) AS "period"
  FROM (
    SELECT
      "t4"."municipality",
      "t4"."year" AS "_period_raw",
      SUM("t4"."amount_dkk") AS "value",
      COUNT("t4"."amount_dkk") AS "n"
    FROM (
      SELECT
        *
      FROM "accounts" AS "t1"
      WHERE
        "t1"."kind" = 'budget'
    ) AS "t4"
    GROUP BY
      1,
      2
  ) AS "t6"
) AS "t9"
INNER JOIN (
  SELECT
    "t0"."year" AS "_p_year"
  FROM "ref_periods" AS "t0"
) AS "t3"
  ON "t9"."_year" = "t3"."_p_year"
LEFT OUTER JOIN (
  SELECT
    "t11"."municipality",
    "t11"."period",
    "t11"."value",
    "t11"."n"
  FROM (
    SELECT
      "t7"."municipality",
      "t7"."_period_raw",
      "t7"."value",
      "t7"."n",
      "t7"."_period_raw" AS "_year",
      CAST("t7"."_period_raw" AS VARCHAR) AS "period"
    FROM (
      SELECT
        "t5"."municipality",
        "t5"."year" AS "_period_raw",
        SUM("t5"."signed_amount") AS "value",
        COUNT("t5"."signed_amount") AS "n"
      FROM (
        SELECT
          "t1"."municipality",
          "t1"."year",
          "t1"."function",
          "t1"."function_name",
          "t1"."main_account",
          "t1"."kind",
          "t1"."amount_dkk",
          CASE
            WHEN TRUE AND (
              "t1"."kind" = 'budget'
            )
            THEN -(
              "t1"."amount_dkk"
            )
            ELSE "t1"."amount_dkk"
          END AS "signed_amount"
        FROM "accounts" AS "t1"
        WHERE
          "t1"."kind" IN ('regnskab', 'budget')
      ) AS "t5"
      GROUP BY
        1,
        2
    ) AS "t7"
  ) AS "t11"
  INNER JOIN (
    SELECT
      "t0"."year" AS "_p_year"
    FROM "ref_periods" AS "t0"
  ) AS "t3"
    ON "t11"."_year" = "t3"."_p_year"
) AS "t13"
  ON "t9"."municipality" = "t13"."municipality" AND "t9"."period" = "t13"."period"
