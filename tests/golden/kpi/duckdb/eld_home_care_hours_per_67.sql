SELECT
  "t12"."municipality" AS "municipality",
  "t12"."period" AS "period",
  '' AS "breakdown",
  "t15"."value" AS "numerator",
  "t12"."value" AS "denominator",
  "t12"."n" AS "n",
  CASE
    WHEN "t12"."value" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE "t15"."value" / "t12"."value"
  END * 1.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t0"."year" AS TEXT) AS "period",
    CAST(SUM("t0"."count") AS DOUBLE) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON "t0"."year" = "t1"."year"
  WHERE
    "t0"."age" >= 67
  GROUP BY
    "t0"."municipality",
    CAST("t0"."year" AS TEXT)
) AS "t12"
LEFT OUTER JOIN (
  SELECT
    "t2"."municipality" AS "municipality",
    CAST("t2"."year" AS TEXT) AS "period",
    COALESCE(
      SUM("t2"."hours") FILTER(WHERE
        (
          (
            "t1"."year" - EXTRACT(YEAR FROM "t2"."birth_date")
          ) - CASE
            WHEN (
              EXTRACT(MONTH FROM "t2"."birth_date") = 1
            )
            AND (
              EXTRACT(DAY FROM "t2"."birth_date") = 1
            )
            THEN 0
            ELSE 1
          END
        ) >= 67),
      0
    ) AS "value",
    COUNT("t2"."hours") FILTER(WHERE
      (
        (
          (
            "t1"."year" - EXTRACT(YEAR FROM "t2"."birth_date")
          ) - CASE
            WHEN (
              EXTRACT(MONTH FROM "t2"."birth_date") = 1
            )
            AND (
              EXTRACT(DAY FROM "t2"."birth_date") = 1
            )
            THEN 0
            ELSE 1
          END
        )
      ) >= 67) AS "n"
  FROM "home_care" AS "t2"
  INNER JOIN "ref_periods" AS "t1"
    ON "t2"."year" = "t1"."year"
  GROUP BY
    "t2"."municipality",
    CAST("t2"."year" AS TEXT)
) AS "t15"
  ON "t12"."municipality" = "t15"."municipality" AND "t12"."period" = "t15"."period"
