WITH "t7" AS (
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
), "t11" AS (
  SELECT
    "t8"."person_id",
    "t8"."municipality",
    "t8"."year",
    "t8"."benefit",
    "t8"."start_date",
    "t8"."end_date",
    "t8"."comment",
    "t8"."_p_year",
    "t8"."_p_start",
    "t8"."_p_end",
    CAST("t8"."_p_year" AS TEXT) AS "period"
  FROM "t7" AS "t8"
  WHERE
    (
      "t8"."_p_year" + 1
    ) <= (
      SELECT
        MAX("t9"."year") AS "Max(year)"
      FROM (
        SELECT
          "t8"."person_id",
          "t8"."municipality",
          "t8"."year",
          "t8"."benefit",
          "t8"."start_date",
          "t8"."end_date",
          "t8"."comment",
          "t8"."_p_year",
          "t8"."_p_start",
          "t8"."_p_end",
          CAST("t8"."_p_year" AS TEXT) AS "period"
        FROM "t7" AS "t8"
      ) AS "t9"
    )
)
SELECT
  "t19"."municipality",
  "t19"."period",
  '' AS "breakdown",
  COALESCE("t22"."value", 0) AS "numerator",
  "t19"."value" AS "denominator",
  "t19"."n",
  CASE
    WHEN "t19"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE COALESCE("t22"."value", 0) / "t19"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t15"."municipality",
    "t15"."period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t8"."person_id",
      "t8"."municipality",
      "t8"."year",
      "t8"."benefit",
      "t8"."start_date",
      "t8"."end_date",
      "t8"."comment",
      "t8"."_p_year",
      "t8"."_p_start",
      "t8"."_p_end",
      CAST("t8"."_p_year" AS TEXT) AS "period"
    FROM "t7" AS "t8"
    WHERE
      (
        "t8"."_p_year" + 1
      ) <= (
        SELECT
          MAX("t9"."year") AS "Max(year)"
        FROM (
          SELECT
            "t8"."person_id",
            "t8"."municipality",
            "t8"."year",
            "t8"."benefit",
            "t8"."start_date",
            "t8"."end_date",
            "t8"."comment",
            "t8"."_p_year",
            "t8"."_p_start",
            "t8"."_p_end",
            CAST("t8"."_p_year" AS TEXT) AS "period"
          FROM "t7" AS "t8"
        ) AS "t9"
      )
      AND "t8"."_p_year" >= (
        SELECT
          MIN("t12"."year") AS "Min(year)"
        FROM "t11" AS "t12"
      )
      AND "t8"."_p_year" <= (
        SELECT
          MAX("t12"."year") AS "Max(year)"
        FROM "t11" AS "t12"
      )
      AND "t8"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS "t15"
  GROUP BY
    1,
    2
) AS "t19"
LEFT OUTER JOIN (
  SELECT
    "t20"."municipality",
    "t20"."period",
    CAST(COUNT(*) AS DOUBLE) AS "value",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t17"."person_id",
      "t17"."municipality",
      "t17"."year",
      "t17"."benefit",
      "t17"."start_date",
      "t17"."end_date",
      "t17"."comment",
      "t17"."_p_year",
      "t17"."_p_start",
      "t17"."_p_end",
      "t17"."period"
    FROM (
      SELECT
        "t8"."person_id",
        "t8"."municipality",
        "t8"."year",
        "t8"."benefit",
        "t8"."start_date",
        "t8"."end_date",
        "t8"."comment",
        "t8"."_p_year",
        "t8"."_p_start",
        "t8"."_p_end",
        CAST("t8"."_p_year" AS TEXT) AS "period"
      FROM "t7" AS "t8"
      WHERE
        (
          "t8"."_p_year" + 1
        ) <= (
          SELECT
            MAX("t9"."year") AS "Max(year)"
          FROM (
            SELECT
              "t8"."person_id",
              "t8"."municipality",
              "t8"."year",
              "t8"."benefit",
              "t8"."start_date",
              "t8"."end_date",
              "t8"."comment",
              "t8"."_p_year",
              "t8"."_p_start",
              "t8"."_p_end",
              CAST("t8"."_p_year" AS TEXT) AS "period"
            FROM "t7" AS "t8"
          ) AS "t9"
        )
        AND "t8"."_p_year" >= (
          SELECT
            MIN("t12"."year") AS "Min(year)"
          FROM "t11" AS "t12"
        )
        AND "t8"."_p_year" <= (
          SELECT
            MAX("t12"."year") AS "Max(year)"
          FROM "t11" AS "t12"
        )
        AND "t8"."benefit" IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
        AND "t8"."end_date" IS NOT NULL
    ) AS "t17"
    ANTI JOIN (
      SELECT
        "t0"."person_id" AS "__o_person_id",
        "t0"."start_date" AS "__o_start",
        COALESCE("t0"."end_date", MAKE_DATE(9999, 12, 31)) AS "__o_end"
      FROM "benefit_spells" AS "t0"
    ) AS "t6"
      ON "t17"."person_id" = "t6"."__o_person_id"
      AND "t6"."__o_start" <= (
        "t17"."end_date" + INTERVAL '365' DAY
      )
      AND "t6"."__o_end" >= (
        "t17"."end_date" + INTERVAL '365' DAY
      )
  ) AS "t20"
  GROUP BY
    1,
    2
) AS "t22"
  ON "t19"."municipality" = "t22"."municipality" AND "t19"."period" = "t22"."period"
