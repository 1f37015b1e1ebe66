WITH "t10" AS (
  SELECT
    "t6"."person_id",
    "t6"."municipality",
    "t6"."year",
    "t6"."benefit",
    "t6"."start_date",
    "t6"."end_date",
    "t6"."comment",
    "t9"."_p_year",
    "t9"."_p_start",
    "t9"."_p_end"
  FROM (
    SELECT
      *
    FROM "benefit_spells" AS "t0"
    WHERE
      "t0"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS "t6"
  INNER JOIN (
    SELECT
      "t1"."year" AS "_p_year",
      "t1"."start_date" AS "_p_start",
      "t1"."end_date" AS "_p_end"
    FROM "ref_periods" AS "t1"
    WHERE
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
  ) AS "t9"
    ON "t6"."end_date" >= "t9"."_p_start" AND "t6"."end_date" <= "t9"."_p_end"
)
SELECT
  "t16"."municipality",
  "t16"."period",
  '' AS "breakdown",
  COALESCE("t19"."value", 0) AS "numerator",
  "t16"."value" AS "denominator",
  "t16"."n",
  CASE
    WHEN "t16"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t19"."value", 0) / "t16"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t12"."municipality",
    "t12"."period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t11"."person_id",
      "t11"."municipality",
      "t11"."year",
      "t11"."benefit",
      "t11"."start_date",
      "t11"."end_date",
      "t11"."comment",
      "t11"."_p_year",
      "t11"."_p_start",
      "t11"."_p_end",
      CAST("t11"."_p_year" AS TEXT) AS "period"
    FROM "t10" AS "t11"
  ) AS "t12"
  GROUP BY
    1,
    2
) AS "t16"
LEFT OUTER JOIN (
  SELECT
    "t17"."municipality",
    "t17"."period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t14"."person_id",
      "t14"."municipality",
      "t14"."year",
      "t14"."benefit",
      "t14"."start_date",
      "t14"."end_date",
      "t14"."comment",
      "t14"."_p_year",
      "t14"."_p_start",
      "t14"."_p_end",
      "t14"."period"
    FROM (
      SELECT
        "t11"."person_id",
        "t11"."municipality",
        "t11"."year",
        "t11"."benefit",
        "t11"."start_date",
        "t11"."end_date",
        "t11"."comment",
        "t11"."_p_year",
        "t11"."_p_start",
        "t11"."_p_end",
        CAST("t11"."_p_year" AS TEXT) AS "period"
      FROM "t10" AS "t11"
      WHERE
        "t11"."end_date" IS NOT NULL
    ) AS "t14"
    ANTI JOIN (
      SELECT
        "t0"."person_id" AS "__o_person_id",
        "t0"."start_date" AS "__o_start",
        COALESCE("t0"."end_date", MAKE_DATE(9999, 12, 31)) AS "__o_end"
      FROM "benefit_spells" AS "t0"
    ) AS "t7"
      ON "t14"."person_id" = "t7"."__o_person_id"
      AND "t7"."__o_start" <= (
        "t14"."end_date" + INTERVAL '365' DAY
      )
      AND "t7"."__o_end" >= (
        "t14"."end_date" + INTERVAL '365' DAY
      )
  ) AS "t17"
  GROUP BY
    1,
    2
) AS "t19"
  ON "t16"."municipality" = "t19"."municipality" AND "t16"."period" = "t19"."period"
