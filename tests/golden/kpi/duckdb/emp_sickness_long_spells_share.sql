SELECT
  "t10"."municipality" AS "municipality",
  "t10"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t10"."value_right", 0) AS "numerator",
  "t10"."value" AS "denominator",
  "t10"."n" AS "n",
  CASE
    WHEN "t10"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t10"."value_right", 0) / "t10"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t1"."year" AS TEXT) AS "period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n",
    CAST(COUNT(*) FILTER(WHERE
      (
        DATE_DIFF(
          'DAY',
          "t0"."start_date",
          CASE
            WHEN (
              "t0"."end_date" IS NULL
            ) OR (
              "t0"."end_date" > "t1"."end_date"
            )
            THEN "t1"."end_date"
            ELSE "t0"."end_date"
          END
        ) + 1
      ) > 364) AS DOUBLE) AS "value_right"
  FROM "benefit_spells" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      "t0"."start_date" <= "t1"."end_date"
      AND COALESCE("t0"."end_date", MAKE_DATE(9999, 12, 31)) >= "t1"."start_date"
    )
    AND (
      "t1"."year" >= (
        SELECT
          MIN("t0"."year") AS "min(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t1"."year" <= (
        SELECT
          MAX("t0"."year") AS "max(year)"
        FROM "benefit_spells" AS "t0"
      )
    )
  WHERE
    "t0"."benefit" = 'sygedagpenge'
  GROUP BY
    "t0"."municipality",
    CAST("t1"."year" AS TEXT)
) AS "t10"
