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
    ON "t2"."start_date" <= "t4"."_p_end"
    AND (
      (
        "t2"."end_date" IS NULL
      ) OR (
        "t2"."end_date" >= "t4"."_p_start"
      )
    )
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
    CAST("t6"."_p_year" AS VARCHAR) AS "period"
  FROM "t5" AS "t6"
)
SELECT
  "t15"."municipality",
  "t15"."period",
  '' AS "breakdown",
  COALESCE("t16"."value", 0) AS "numerator",
  "t15"."value" AS "denominator",
  "t15"."n",
  CASE
    WHEN "t15"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST(COALESCE("t16"."value", 0) AS DOUBLE PRECISION) / "t15"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t11"."municipality",
    "t11"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
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
      CAST("t6"."_p_year" AS VARCHAR) AS "period"
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
      AND "t6"."benefit" = 'sygedagpenge'
  ) AS "t11"
  GROUP BY
    1,
    2
) AS "t15"
LEFT OUTER JOIN (
  SELECT
    "t12"."municipality",
    "t12"."period",
    CAST(COUNT(*) AS DOUBLE PRECISION) AS "value",
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
      CAST("t6"."_p_year" AS VARCHAR) AS "period",
      CAST(EXTRACT(epoch FROM CAST(CASE
        WHEN (
          "t6"."end_date" IS NULL
        ) OR (
          "t6"."end_date" > "t6"."_p_end"
        )
        THEN "t6"."_p_end"
        ELSE "t6"."end_date"
      END AS TIMESTAMP) - CAST("t6"."start_date" AS TIMESTAMP)) / 86400 AS BIGINT) + 1 AS "length"
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
      AND "t6"."benefit" = 'sygedagpenge'
      AND (
        CAST(EXTRACT(epoch FROM CAST(CASE
          WHEN (
            "t6"."end_date" IS NULL
          ) OR (
            "t6"."end_date" > "t6"."_p_end"
          )
          THEN "t6"."_p_end"
          ELSE "t6"."end_date"
        END AS TIMESTAMP) - CAST("t6"."start_date" AS TIMESTAMP)) / 86400 AS BIGINT) + 1
      ) > 364
  ) AS "t12"
  GROUP BY
    1,
    2
) AS "t16"
  ON "t15"."municipality" = "t16"."municipality" AND "t15"."period" = "t16"."period"
