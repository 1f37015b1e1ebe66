WITH "t5" AS (
  SELECT
    "t2"."person_id",
    "t2"."municipality",
    "t2"."year",
    "t2"."benefit",
    "t2"."start_date",
    "t2"."end_date",
    "t2"."comment",
    "t4"."_p_year",
    "t4"."_p_start",
    "t4"."_p_end"
  FROM "benefit_spells" AS "t2"
  INNER JOIN (
    SELECT
      "t1"."year" AS "_p_year",
      "t1"."start_date" AS "_p_start",
      "t1"."end_date" AS "_p_end"
    FROM "ref_periods" AS "t1"
  ) AS "t4"
    ON "t2"."end_date" >= "t4"."_p_start" AND "t2"."end_date" <= "t4"."_p_end"
), "t7" AS (
  SELECT
    "t6"."person_id",
    "t6"."municipality",
    "t6"."year",
    "t6"."benefit",
    "t6"."start_date",
    "t6"."end_date",
    "t6"."comment",
    "t6"."_p_year",
    "t6"."_p_start",
    "t6"."_p_end",
    CAST("t6"."_p_year" AS TEXT) AS "period"
  FROM "t5" AS "t6"
)
SELECT
  "t14"."municipality",
  "t14"."period",
  '' AS "breakdown",
  COALESCE("t16"."value", 0) AS "numerator",
  "t14"."value" AS "denominator",
  "t14"."n",
  CASE
    WHEN "t14"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t16"."value", 0) / "t14"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t11"."municipality",
    "t11"."period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t6"."person_id",
      "t6"."municipality",
      "t6"."year",
      "t6"."benefit",
      "t6"."start_date",
      "t6"."end_date",
      "t6"."comment",
      "t6"."_p_year",
      "t6"."_p_start",
      "t6"."_p_end",
      CAST("t6"."_p_year" AS TEXT) AS "period"
    FROM "t5" AS "t6"
    WHERE
      "t6"."_p_year" >= (
        SELECT
          MIN("t8"."year") AS "Min(year)"
        FROM "t7" AS "t8"
      )
      AND "t6"."_p_year" <= (
        SELECT
          MAX("t8"."year") AS "Max(year)"
        FROM "t7" AS "t8"
      )
      AND "t6"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS "t11"
  GROUP BY
    1,
    2
) AS "t14"
LEFT OUTER JOIN (
  SELECT
    "t12"."municipality",
    "t12"."period",
    CAST(SUM("t12"."length") AS DOUBLE) AS "value",
    COUNT("t12"."length") AS "n"
  FROM (
    SELECT
      "t6"."person_id",
      "t6"."municipality",
      "t6"."year",
      "t6"."benefit",
      "t6"."start_date",
      "t6"."end_date",
      "t6"."comment",
      "t6"."_p_year",
      "t6"."_p_start",
      "t6"."_p_end",
      CAST("t6"."_p_year" AS TEXT) AS "period",
      DATE_DIFF('DAY', "t6"."start_date", "t6"."end_date") + 1 AS "length"
    FROM "t5" AS "t6"
    WHERE
      "t6"."_p_year" >= (
        SELECT
          MIN("t8"."year") AS "Min(year)"
        FROM "t7" AS "t8"
      )
      AND "t6"."_p_year" <= (
        SELECT
          MAX("t8"."year") AS "Max(year)"
        FROM "t7" AS "t8"
      )
      AND "t6"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS "t12"
  GROUP BY
    1,
    2
) AS "t16"
  ON "t14"."municipality" = "t16"."municipality" AND "t14"."period" = "t16"."period"
