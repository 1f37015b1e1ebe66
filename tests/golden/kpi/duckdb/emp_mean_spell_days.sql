SELECT
  "t15"."municipality" AS "municipality",
  "t15"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t15"."value_right", 0) AS "numerator",
  "t15"."value" AS "denominator",
  "t15"."n" AS "n",
  CASE
    WHEN "t15"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t15"."value_right", 0) / "t15"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t1"."year" AS TEXT) AS "period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n",
    CAST(SUM(DATE_DIFF('DAY', "t0"."start_date", "t0"."end_date") + 1) AS DOUBLE) AS "value_right"
  FROM "benefit_spells" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      "t0"."end_date" >= "t1"."start_date" AND "t0"."end_date" <= "t1"."end_date"
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
    "t0"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  GROUP BY
    "t0"."municipality",
    CAST("t1"."year" AS TEXT)
) AS "t15"
SEMI JOIN (
  SELECT
    "t2"."_d_municipality" AS "_d_municipality",
    "t2"."_y" AS "_y",
    MIN("t2"."_y") OVER (
      PARTITION BY "t2"."_d_municipality"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_first",
    ROW_NUMBER() OVER (
      PARTITION BY "t2"."_d_municipality"
      ORDER BY "t2"."_y" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_k"
  FROM (
    SELECT DISTINCT
      "t0"."municipality" AS "_d_municipality",
      "t0"."year" AS "_y"
    FROM "benefit_spells" AS "t0"
    WHERE
      NOT "t0"."year" IS NULL
  ) AS "t2"
) AS "t9"
  ON (
    "t15"."municipality" = "t9"."_d_municipality"
    AND "t15"."period" = CAST("t9"."_y" - 0 AS TEXT)
  )
  AND (
    "t9"."_y" - "t9"."_first"
  ) = "t9"."_k"
