SELECT
  "t12"."municipality",
  "t12"."period",
  '' AS "breakdown",
  "t15"."value" AS "numerator",
  "t12"."value" AS "denominator",
  "t12"."n",
  CASE
    WHEN "t12"."value" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t15"."value" AS DOUBLE PRECISION) / "t12"."value"
  END * 100.0 AS "value"
FROM (
  SELECT
    "t9"."municipality",
    "t9"."period",
    CAST(SUM("t9"."count") AS DOUBLE PRECISION) AS "value",
    SUM("t9"."count") AS "n"
  FROM (
    SELECT
      "t7"."municipality",
      "t7"."year",
      "t7"."sex",
      "t7"."age",
      "t7"."count",
      "t7"."period",
      "t5"."_p_year",
      "t5"."_p_start",
      "t5"."_p_end"
    FROM (
      SELECT
        "t0"."municipality",
        "t0"."year",
        "t0"."sex",
        "t0"."age",
        "t0"."count",
        "t0"."year" AS "_year",
        CAST("t0"."year" AS VARCHAR) AS "period"
      FROM "population" AS "t0"
      WHERE
        "t0"."age" >= 80
    ) AS "t7"
    INNER JOIN (
      SELECT
        "t1"."year" AS "_p_year",
        "t1"."start_date" AS "_p_start",
        "t1"."end_date" AS "_p_end"
      FROM "ref_periods" AS "t1"
    ) AS "t5"
      ON "t7"."_year" = "t5"."_p_year"
  ) AS "t9"
  GROUP BY
    1,
    2
) AS "t12"
LEFT OUTER JOIN (
  SELECT
    "t13"."municipality",
    "t13"."period",
    COALESCE(
      CAST(COUNT(DISTINCT "t13"."person_id") FILTER(WHERE
        (
          "t13"."move_in_date" <= "t13"."_p_start"
        )
        AND (
          (
            "t13"."move_out_date" IS NULL
          )
          OR (
            "t13"."move_out_date" >= "t13"."_p_start"
          )
        )
        AND (
          "t13"."age" >= 80
        )) AS DOUBLE PRECISION),
      0
    ) AS "value",
    COALESCE(
      COUNT(DISTINCT "t13"."person_id") FILTER(WHERE
        (
          "t13"."move_in_date" <= "t13"."_p_start"
        )
        AND (
          (
            "t13"."move_out_date" IS NULL
          )
          OR (
            "t13"."move_out_date" >= "t13"."_p_start"
          )
        )
        AND (
          "t13"."age" >= 80
        )),
      0
    ) AS "n"
  FROM (
    SELECT
      "t10"."person_id",
      "t10"."municipality",
      "t10"."year",
      "t10"."birth_date",
      "t10"."nursing_home_id",
      "t10"."move_in_date",
      "t10"."move_out_date",
      "t10"."period",
      "t10"."_p_year",
      "t10"."_p_start",
      "t10"."_p_end",
      (
        "t10"."_p_year" - EXTRACT(year FROM "t10"."birth_date")
      ) - CASE
        WHEN (
          EXTRACT(month FROM "t10"."birth_date") = 1
        )
        AND (
          EXTRACT(day FROM "t10"."birth_date") = 1
        )
        THEN 0
        ELSE 1
      END AS "age"
    FROM (
      SELECT
        "t8"."person_id",
        "t8"."municipality",
        "t8"."year",
        "t8"."birth_date",
        "t8"."nursing_home_id",
        "t8"."move_in_date",
        "t8"."move_out_date",
        "t8"."period",
        "t5"."_p_year",
        "t5"."_p_start",
        "t5"."_p_end"
      FROM (
        SELECT
          "t2"."person_id",
          "t2"."municipality",
          "t2"."year",
          "t2"."birth_date",
          "t2"."nursing_home_id",
          "t2"."move_in_date",
          "t2"."move_out_date",
          "t2"."year" AS "_year",
          CAST("t2"."year" AS VARCHAR) AS "period"
        FROM "nursing_home_residents" AS "t2"
      ) AS "t8"
      INNER JOIN (
        SELECT
          "t1"."year" AS "_p_year",
          "t1"."start_date" AS "_p_start",
          "t1"."end_date" AS "_p_end"
        FROM "ref_periods" AS "t1"
      ) AS "t5"
        ON "t8"."_year" = "t5"."_p_year"
    ) AS "t10"
  ) AS "t13"
  GROUP BY
    1,
    2
) AS "t15"
  ON "t12"."municipality" = "t15"."municipality" AND "t12"."period" = "t15"."period"
