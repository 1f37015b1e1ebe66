SELECT
  "t14"."municipality" AS "municipality",
  "t14"."period" AS "period",
  '' AS "breakdown",
  "t13"."value" AS "numerator",
  "t14"."value" AS "denominator",
  "t14"."n" AS "n",
  CASE
    WHEN "t14"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t13"."value" AS DOUBLE PRECISION) / "t14"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST(CAST(SUBSTRING("t0"."school_year" FROM CASE WHEN (
      0 + 1
    ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END FOR 4) AS BIGINT) + 1 AS VARCHAR) AS "period",
    CAST(COUNT(DISTINCT "t0"."person_id") AS DOUBLE PRECISION) AS "value",
    COUNT(DISTINCT "t0"."person_id") AS "n"
  FROM "pupils" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON (
      CAST(SUBSTRING("t0"."school_year" FROM CASE WHEN (
        0 + 1
      ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END FOR 4) AS BIGINT) + 1
    ) = "t1"."year"
  GROUP BY
    "t0"."municipality",
    CAST(CAST(SUBSTRING("t0"."school_year" FROM CASE WHEN (
      0 + 1
    ) >= 1 THEN 0 + 1 ELSE 0 + 1 + LENGTH("t0"."school_year") END FOR 4) AS BIGINT) + 1 AS VARCHAR)
) AS "t14"
LEFT OUTER JOIN (
  SELECT
    "t2"."municipality" AS "municipality",
    CAST("t2"."year" AS VARCHAR) AS "period",
    COALESCE(
      SUM("t2"."amount_dkk") FILTER(WHERE
        (
          "t2"."kind" = 'regnskab'
        ) AND (
          "t2"."function" = '3.22'
        )),
      0
    ) AS "value",
    COUNT("t2"."amount_dkk") FILTER(WHERE
      (
        "t2"."kind" = 'regnskab'
      ) AND (
        "t2"."function" = '3.22'
      )) AS "n"
  FROM "accounts" AS "t2"
  INNER JOIN "ref_periods" AS "t1"
    ON "t2"."year" = "t1"."year"
  GROUP BY
    "t2"."municipality",
    CAST("t2"."year" AS VARCHAR)
) AS "t13"
  ON "t14"."municipality" = "t13"."municipality" AND "t14"."period" = "t13"."period"
