SELECT
  "t13"."municipality",
  "t13"."period",
  '' AS "breakdown",
  COALESCE("t14"."value", 0) AS "numerator",
  "t13"."value" AS "denominator",
  "t13"."n",
  CASE
    WHEN "t13"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t14"."value", 0) / "t13"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t9"."municipality",
    "t9"."period",
    CAST(COUNT(DISTINCT "t9"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t9"."person_id") AS "n"
  FROM (
    SELECT
      "t7"."person_id",
      "t7"."municipality",
      "t7"."school_year",
      "t7"."school_id",
      "t7"."grade_level",
      "t7"."sex",
      "t7"."period",
      "t4"."_p_year",
      "t4"."_p_start",
      "t4"."_p_end"
    FROM (
      SELECT
        "t0"."person_id",
        "t0"."municipality",
        "t0"."school_year",
        "t0"."school_id",
        "t0"."grade_level",
        "t0"."sex",
        CAST(SUBSTRING(
          "t0"."school_year",
          CASE WHEN (
            0 + 1
          ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END,
          4
        ) AS BIGINT) + 1 AS "_year",
        "t0"."school_year" AS "period"
      FROM "pupils" AS "t0"
    ) AS "t7"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t4"
      ON "t7"."_year" = "t4"."_p_year"
  ) AS "t9"
  GROUP BY
    1,
    2
) AS "t13"
LEFT OUTER JOIN (
  SELECT
    "t10"."municipality",
    "t10"."period",
    CAST(COUNT(DISTINCT "t10"."person_id") AS DOUBLE) AS "value",
    COUNT(DISTINCT "t10"."person_id") AS "n"
  FROM (
    SELECT
      "t8"."person_id",
      "t8"."municipality",
      "t8"."school_year",
      "t8"."placement",
      "t8"."start_date",
      "t8"."period",
      "t4"."_p_year",
      "t4"."_p_start",
      "t4"."_p_end"
    FROM (
      SELECT
        "t2"."person_id",
        "t2"."municipality",
        "t2"."school_year",
        "t2"."placement",
        "t2"."start_date",
        CAST(SUBSTRING(
          "t2"."school_year",
          CASE WHEN (
            0 + 1
          ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t2"."school_year") END,
          4
        ) AS BIGINT) + 1 AS "_year",
        "t2"."school_year" AS "period"
      FROM "special_education" AS "t2"
    ) AS "t8"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t4"
      ON "t8"."_year" = "t4"."_p_year"
  ) AS "t10"
  GROUP BY
    1,
    2
) AS "t14"
  ON "t13"."municipality" = "t14"."municipality" AND "t13"."period" = "t14"."period"
