SELECT
  "t10"."municipality" AS "municipality",
  "t10"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t10"."value_right", 0) AS "numerator",
  "t10"."value" AS "denominator",
  "t10"."n" AS "n",
  CASE
    WHEN "t10"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t10"."value_right", 0) AS DOUBLE PRECISION) / "t10"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t1"."year" AS VARCHAR) AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n",
    CAST(SUM(
      CAST(EXTRACT(EPOCH FROM CAST("t0"."end_date" AS TIMESTAMP) - CAST("t0"."start_date" AS TIMESTAMP)) / 86400 AS BIGINT) + 1
    ) AS DOUBLE PRECISION) AS "value_right"
  FROM "benefit_spells" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      "t0"."end_date" >= "t1"."start_date" AND "t0"."end_date" <= "t1"."end_date"
    )
    AND (
      "t1"."year" >= (
        SELECT
          MIN("t0"."year") AS "Min(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t1"."year" <= (
        SELECT
          MAX("t0"."year") AS "Max(year)"
        FROM "benefit_spells" AS "t0"
      )
    )
  WHERE
    "t0"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  GROUP BY
    "t0"."municipality",
    CAST("t1"."year" AS VARCHAR)
) AS "t10"
