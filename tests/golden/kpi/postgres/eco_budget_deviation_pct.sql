WITH "t6" AS (
  SELECT
    "t5"."municipality",
    "t5"."year",
    "t5"."function",
    "t5"."function_name",
    "t5"."main_account",
    "t5"."kind",
    "t5"."amount_dkk",
    "t5"."period",
    "t4"."_p_year",
    "t4"."_p_start",
    "t4"."_p_end"
  FROM (
    SELECT
      "t0"."municipality",
      "t0"."year",
      "t0"."function",
      "t0"."function_name",
      "t0"."main_account",
      "t0"."kind",
      "t0"."amount_dkk",
      "t0"."year" AS "_year",
      CAST("t0"."year" AS VARCHAR) AS "period"
    FROM "accounts" AS "t0"
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
  "t11"."municipality",
  "t11"."period",
  '' AS "breakdown",
  COALESCE("t13"."value", 0) AS "numerator",
  "t11"."value" AS "denominator",
  "t11"."n",
  CASE
    WHEN "t11"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t13"."value", 0) AS DOUBLE PRECISION) / "t11"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t8"."municipality",
    "t8"."period",
    SUM("t8"."amount_dkk") AS "value",
    COUNT("t8"."amount_dkk") AS "n"
  FROM (
    SELECT
      *
    FROM "t6" AS "t7"
    WHERE
      "t7"."kind" = 'budget'
  ) AS "t8"
  GROUP BY
    1,
    2
) AS "t11"
LEFT OUTER JOIN (
  SELECT
    "t9"."municipality",
    "t9"."period",
    SUM("t9"."signed_amount") AS "value",
    COUNT("t9"."signed_amount") AS "n"
  FROM (
    SELECT
      "t7"."municipality",
      "t7"."year",
      "t7"."function",
      "t7"."function_name",
      "t7"."main_account",
      "t7"."kind",
      "t7"."amount_dkk",
      "t7"."period",
      "t7"."_p_year",
      "t7"."_p_start",
      "t7"."_p_end",
      CASE
        WHEN TRUE AND (
          "t7"."kind" = 'budget'
        )
        THEN -(
          "t7"."amount_dkk"
        )
        ELSE "t7"."amount_dkk"
      END AS "signed_amount"
    FROM "t6" AS "t7"
    WHERE
      "t7"."kind" IN ('regnskab', 'budget')
  ) AS "t9"
  GROUP BY
    1,
    2
) AS "t13"
  ON "t11"."municipality" = "t13"."municipality" AND "t11"."period" = "t13"."period"
