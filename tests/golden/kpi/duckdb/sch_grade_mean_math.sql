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
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n",
    CAST(SUM("t6"."grade") AS DOUBLE) AS "value_right"
  FROM (
    SELECT
      "t5"."person_id",
      "t5"."municipality",
      "t5"."school_year",
      "t5"."school_id",
      "t5"."subject",
      "t5"."grade",
      "t5"."period",
      "t3"."_p_year",
      "t3"."_p_start",
      "t3"."_p_end"
    FROM (
      SELECT
        "t0"."person_id",
        "t0"."municipality",
        "t0"."school_year",
        "t0"."school_id",
        "t0"."subject",
        "t0"."grade",
        CAST(SUBSTRING(
          "t0"."school_year",
          CASE WHEN (
            0 + 1
          ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END,
          4
        ) AS BIGINT) + 1 AS "_year",
        "t0"."school_year" AS "period"
      FROM "exam_grades" AS "t0"
      WHERE
        "t0"."subject" = 'matematik'
    ) AS "t5"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t3"
      ON "t5"."_year" = "t3"."_p_year"
  ) AS "t6"
  GROUP BY
    1,
    2
) AS "t7"
