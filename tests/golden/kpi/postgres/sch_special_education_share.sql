SELECT
  "t9"."municipality",
  "t9"."period",
  '' AS "breakdown",
  COALESCE("t12"."value", 0) AS "numerator",
  "t9"."value" AS "denominator",
  "t9"."n",
  CASE
    WHEN "t9"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t12"."value", 0) AS DOUBLE PRECISION) / "t9"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t5"."municipality",
    "t5"."_period_raw",
    "t5"."value",
    "t5"."n",
    CAST(SUBSTRING("t5"."_period_raw" FROM CASE WHEN (
      0 + 1
    ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t5"."_period_raw") END FOR 4) AS BIGINT) + 1 AS "_year",
    "t5"."_period_raw" AS "period"
  FROM (
    SELECT
      "t0"."municipality",
      "t0"."school_year" AS "_period_raw",
      CAST(COUNT(DISTINCT "t0"."person_id") AS DOUBLE PRECISION) AS "value",
      COUNT(DISTINCT "t0"."person_id") AS "n"
    FROM "pupils" AS "t0"
    GROUP BY
      1,
      2
  ) AS "t5"
) AS "t9"
INNER JOIN (
  SELECT
    "t1"."year" AS "_p_year"
  FROM "ref_periods" AS "t1"
) AS "t4"
  ON "t9"."_year" = "t4"."_p_year"
LEFT OUTER JOIN (
  SELECT
    "t10"."municipality",
    "t10"."period",
    "t10"."value",
    "t10"."n"
  FROM (
    SELECT
      "t6"."municipality",
      "t6"."_period_raw",
      "t6"."value",
      "t6"."n",
      CAST(SUBSTRING("t6"."_period_raw" FROM CASE WHEN (
        0 + 1
      ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t6"."_period_raw") END FOR 4) AS BIGINT) + 1 AS "_year",
      "t6"."_period_raw" AS "period"
    FROM (
      SELECT
        "t2"."municipality",
        "t2"."school_year" AS "_period_raw",
        CAST(COUNT(DISTINCT "t2"."person_id") AS DOUBLE PRECISION) AS "value",
        COUNT(DISTINCT "t2"."person_id") AS "n"
      FROM "special_education" AS "t2"
      GROUP BY
        1,
        2
    ) AS "t6"
  ) AS "t10"
  INNER JOIN (
    SELECT
      "t1"."year" AS "_p_year"
    FROM "ref_periods" AS "t1"
  ) AS "t4"
    ON "t10"."_year" = "t4"."_p_year"
) AS "t12"
  ON "t9"."municipality" = "t12"."municipality" AND "t9"."period" = "t12"."period"
