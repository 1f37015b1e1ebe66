SELECT
  "t11"."municipality" AS "municipality",
  "t11"."period" AS "period",
  '' AS "breakdown",
  "t11"."value" AS "numerator",
  CAST(NULL AS DOUBLE PRECISION) AS "denominator",
  "t11"."n" AS "n",
  "t11"."value" * 100.0 AS "value"
FROM (
  SELECT
    "t7"."municipality" AS "municipality",
    "t7"."period" AS "period",
    AVG("t7"."validity") AS "value",
    COUNT("t7"."validity") AS "n"
  FROM (
    SELECT
      "t0"."dataset" AS "dataset",
      "t0"."municipality" AS "municipality",
      "t0"."load_id" AS "load_id",
      "t0"."completeness" AS "completeness",
      "t0"."validity" AS "validity",
      "t0"."uniqueness" AS "uniqueness",
      "t0"."timeliness" AS "timeliness",
      "t0"."score" AS "score",
      "t0"."computed_at" AS "computed_at",
      "t0"."domain" AS "domain",
      CAST(CAST(EXTRACT(YEAR FROM "t0"."computed_at") AS BIGINT) AS VARCHAR) AS "period",
      "t1"."year" AS "_p_year",
      "t1"."start_date" AS "_p_start",
      "t1"."end_date" AS "_p_end",
      ROW_NUMBER() OVER (
        PARTITION BY "t0"."municipality", CAST(CAST(EXTRACT(YEAR FROM "t0"."computed_at") AS BIGINT) AS VARCHAR), "t0"."dataset"
        ORDER BY "t0"."computed_at" DESC NULLS LAST, "t0"."load_id" DESC NULLS LAST
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) - 1 AS "_newest"
    FROM "quality_scores" AS "t0"
    INNER JOIN "ref_periods" AS "t1"
      ON CAST(EXTRACT(YEAR FROM "t0"."computed_at") AS BIGINT) = "t1"."year"
  ) AS "t7"
  WHERE
    "t7"."domain" = 'schools' AND "t7"."_newest" = 0
  GROUP BY
    "t7"."municipality",
    "t7"."period"
) AS "t11"
