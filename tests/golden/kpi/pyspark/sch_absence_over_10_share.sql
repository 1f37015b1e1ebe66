SELECT
  `t2`.`municipality`,
  `t2`.`_period_raw` AS `period`,
  '' AS `breakdown`,
  COALESCE(`t2`.`value_right`, 0) AS `numerator`,
  `t2`.`value` AS `denominator`,
  `t2`.`n`,
  IF(
    `t2`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t2`.`value_right`, 0) / `t2`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t1`.`municipality`,
    `t1`.`school_year` AS `_period_raw`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(CAST(`t1`.`absence_share` > 0.1 AS BIGINT)) AS DOUBLE) AS `value_right`
  FROM (
    SELECT
      `t0`.`person_id`,
      `t0`.`municipality`,
      `t0`.`school_year`,
      `t0`.`school_id`,
      `t0`.`grade_level`,
      `t0`.`school_days`,
      `t0`.`absence_days`,
      IF(
        CAST(`t0`.`school_days` AS DOUBLE) = 0,
        CAST(NULL AS DOUBLE),
        `t0`.`absence_days` / CAST(`t0`.`school_days` AS DOUBLE)
      ) AS `absence_share`
    FROM `absence` AS `t0`
  ) AS `t1`
  GROUP BY
    1,
    2
) AS `t2`
WHERE
  CAST(SUBSTRING(
    `t2`.`_period_raw`,
    IF((
      0 + 1
    ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t2`.`_period_raw`)),
    4
  ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
