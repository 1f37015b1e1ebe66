WITH "t10" AS (
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
          MAX("t0"."year") AS "max(year)"
        FROM "benefit_spells" AS "t0"
      )
      AND "t1"."year" >= (
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
)
SELECT
  "t16"."municipality" AS "municipality",
  "t16"."period" AS "period",
  '' AS "breakdown",
  COALESCE("t19"."value", 0) AS "numerator",
  "t16"."value" AS "denominator",
  "t16"."n" AS "n",
  CASE
    WHEN "t16"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t19"."value", 0) / "t16"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t11"."municipality" AS "municipality",
    CAST("t11"."_p_year" AS TEXT) AS "period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM "t10" AS "t11"
  GROUP BY
    "t11"."municipality",
    CAST("t11"."_p_year" AS TEXT)
) AS "t16"
LEFT OUTER JOIN (
  SELECT
    "t11"."municipality" AS "municipality",
    CAST("t11"."_p_year" AS TEXT) AS "period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM "t10" AS "t11"
  ANTI JOIN "benefit_spells" AS "t0"
    ON "t11"."person_id" = "t0"."person_id"
    AND "t0"."start_date" <= (
      "t11"."end_date" + INTERVAL '365' DAY
    )
    AND COALESCE("t0"."end_date", MAKE_DATE(9999, 12, 31)) >= (
      "t11"."end_date" + INTERVAL '365' DAY
    )
  WHERE
    NOT "t11"."end_date" IS NULL
  GROUP BY
    "t11"."municipality",
    CAST("t11"."_p_year" AS TEXT)
) AS "t19"
  ON "t16"."municipality" = "t19"."municipality" AND "t16"."period" = "t19"."period"
