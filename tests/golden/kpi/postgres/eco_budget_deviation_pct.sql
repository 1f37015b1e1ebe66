SELECT
  "t11"."municipality",
  "t11"."period",
  '' AS "breakdown",
  COALESCE("t14"."value", 0) AS "numerator",
  "t11"."value" AS "denominator",
  "t11"."n",
  CASE
    WHEN "t11"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t14"."value", 0) AS DOUBLE PRECISION) / "t11"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t8"."municipality",
    "t8"."period",
    SUM("t8"."amount_dkk") AS "value",
    COUNT("t8"."amount_dkk") AS "n"
  FROM (
    SELECT
      "t6"."municipality",
      "t6"."year",
      "t6"."function",
      "t6"."function_name",
      "t6"."main_account",
      "t6"."kind",
      "t6"."amount_dkk",
      "t6"."period",
      "t5"."_p_year",
      "t5"."_p_start",
      "t5"."_p_end"
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
      WHERE
        "t0"."kind" = 'budget'
    ) AS "t6"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t5"
      ON "t6"."_year" = "t5"."_p_year"
  ) AS "t8"
  GROUP BY
    1,
    2
) AS "t11"
LEFT OUTER JOIN (
  SELECT
    "t12"."municipality",
    "t12"."period",
    SUM("t12"."signed_amount") AS "value",
    COUNT("t12"."signed_amount") AS "n"
  FROM (
    SELECT
      "t9"."municipality",
      "t9"."year",
      "t9"."function",
      "t9"."function_name",
      "t9"."main_account",
      "t9"."kind",
      "t9"."amount_dkk",
      "t9"."period",
      "t9"."_p_year",
      "t9"."_p_start",
      "t9"."_p_end",
      CASE
        WHEN TRUE AND (
          "t9"."kind" = 'budget'
        )
        THEN -(
          "t9"."amount_dkk"
        )
        ELSE "t9"."amount_dkk"
      END AS "signed_amount"
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
        "t5"."_p_year",
        "t5"."_p_start",
        "t5"."_p_end"
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
        WHERE
          "t0"."kind" IN ('regnskab', 'budget')
      ) AS "t7"
      INNER JOIN (
        SELECT
          "t1"."year" AS "_p_year",
          "t1"."start_date" AS "_p_start",
          "t1"."end_date" AS "_p_end"
        FROM "ref_periods" AS "t1"
      ) AS "t5"
        ON "t7"."_year" = "t5"."_p_year"
    ) AS "t9"
  ) AS "t12"
  GROUP BY
    1,
    2
) AS "t14"
  ON "t11"."municipality" = "t14"."municipality" AND "t11"."period" = "t14"."period"
