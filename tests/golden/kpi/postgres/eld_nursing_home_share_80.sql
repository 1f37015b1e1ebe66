SELECT
  "t12"."municipality" AS "municipality",
  "t12"."period" AS "period",
  '' AS "breakdown",
  "t15"."value" AS "numerator",
  "t12"."value" AS "denominator",
  "t12"."n" AS "n",
  CASE
    WHEN "t12"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t15"."value" AS DOUBLE PRECISION) / "t12"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t0"."municipality" AS "municipality",
    CAST("t0"."year" AS VARCHAR) AS "period",
    CAST(SUM("t0"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t0"."count") AS "n"
  FROM "population" AS "t0"
  INNER JOIN "ref_periods" AS "t1"
    ON "t0"."year" = "t1"."year"
  WHERE
    "t0"."age" >= 80
  GROUP BY
    "t0"."municipality",
    CAST("t0"."year" AS VARCHAR)
) AS "t12"
LEFT OUTER JOIN (
  SELECT
    "t2"."municipality" AS "municipality",
    CAST("t2"."year" AS VARCHAR) AS "period",
    COALESCE(
      CAST(COUNT(DISTINCT "t2"."person_id") FILTER(WHERE
        (
          "t2"."move_in_date" <= "t1"."start_date"
        )
        AND (
          (
            "t2"."move_out_date" IS NULL
          )
          OR (
            "t2"."move_out_date" >= "t1"."start_date"
          )
        )
        AND (
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
          ) >= 80
        )) AS DOUBLE PRECISION),
      0
    ) AS "value",
    COALESCE(
      COUNT(DISTINCT "t2"."person_id") FILTER(WHERE
        (
          "t2"."move_in_date" <= "t1"."start_date"
        )
        AND (
          (
            "t2"."move_out_date" IS NULL
          )
          OR (
            "t2"."move_out_date" >= "t1"."start_date"
          )
        )
        AND (
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
          ) >= 80
        )),
      0
    ) AS "n"
  FROM "nursing_home_residents" AS "t2"
  INNER JOIN "ref_periods" AS "t1"
    ON "t2"."year" = "t1"."year"
  GROUP BY
    "t2"."municipality",
    CAST("t2"."year" AS VARCHAR)
) AS "t15"
  ON "t12"."municipality" = "t15"."municipality" AND "t12"."period" = "t15"."period"
