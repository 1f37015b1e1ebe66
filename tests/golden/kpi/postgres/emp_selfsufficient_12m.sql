WITH "t12" AS (
  SELECT
    "t0"."person_id" AS "person_id",
    "t0"."municipality" AS "municipality",
    "t0"."year" AS "year",
    "t0"."benefit" AS "benefit",
    "t0"."start_date" AS "start_date",
    "t0"."end_date" AS "end_date",
    "t0"."comment" AS "comment",
    "t1"."year" AS "_p_year",
    "t1"."start_date" AS "_p_start",
    "t1"."end_date" AS "_p_end"
  FROM "benefit_spells" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      "t0"."end_date" >= "t1"."start_date" AND "t0"."end_date" <= "t1"."end_date"
    )
    AND (
      (
        "t1"."year" + 1
      ) <= (
        SELECT
          MAX("t0"."year") AS "Max(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t1"."year" >= (
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
)
SELECT
  "t20"."municipality" AS "municipality",
  "t20"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t23"."value", 0) AS "numerator",
  "t20"."value" AS "denominator",
  "t20"."n" AS "n",
  CASE
    WHEN "t20"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t23"."value", 0) AS DOUBLE PRECISION) / "t20"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t14"."municipality" AS "municipality",
    CAST("t14"."_p_year" AS VARCHAR) AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t12" AS "t14"
  GROUP BY
    "t14"."municipality",
    CAST("t14"."_p_year" AS VARCHAR)
) AS "t20"
LEFT OUTER JOIN (
  SELECT
    "t14"."municipality" AS "municipality",
    CAST("t14"."_p_year" AS VARCHAR) AS "period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
    COUNT(*) AS "n"
  FROM "t12" AS "t14"
  WHERE
    NOT EXISTS(
      SELECT
        1 AS "1"
      FROM "benefit_spells" AS "t0"
      WHERE
        "t14"."person_id" = "t0"."person_id"
        AND "t0"."start_date" <= (
          "t14"."end_date" + INTERVAL '365 DAY'
        )
        AND COALESCE("t0"."end_date", MAKE_DATE(CAST(9999 AS INT), CAST(12 AS INT), CAST(31 AS INT))) >= (
          "t14"."end_date" + INTERVAL '365 DAY'
        )
    )
    AND NOT "t14"."end_date" IS NULL
  GROUP BY
    "t14"."municipality",
    CAST("t14"."_p_year" AS VARCHAR)
) AS "t23"
  ON "t20"."municipality" = "t23"."municipality" AND "t20"."period" = "t23"."period"
WHERE
  EXISTS(
    SELECT
      1 AS "1"
    FROM (
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
    ) AS "t11"
    WHERE
      (
        "t20"."municipality" = "t11"."_d_municipality"
        AND "t20"."period" = CAST("t11"."_y" - 1 AS VARCHAR)
      )
      AND (
        "t11"."_y" - "t11"."_first"
      ) = "t11"."_k"
  )
