SELECT
  `t2`.`municipality`,
  CAST(`t2`.`_period_raw` AS STRING) AS `period`,
  '' AS `breakdown`,
  COALESCE(`t2`.`value_right`, 0) AS `numerator`,
  `t2`.`value` AS `denominator`,
  `t2`.`n`,
  IF(
    `t2`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t2`.`value_right`, 0) / `t2`.`value`
  ) * 1.0 AS `value`
FROM (
  SELECT
    `t1`.`municipality`,
    `t1`.`year` AS `_period_raw`,
    SUM(`t1`.`fte`) AS `value`,
    COUNT(`t1`.`fte`) AS `n`,
    SUM(`t1`.`sick_days`) AS `value_right`
  FROM (
    SELECT
      *
    FROM `employees` AS `t0`
    WHERE
      `t0`.`year` BETWEEN 2000 AND 2040
  ) AS `t1`
  GROUP BY
    1,
    2
) AS `t2`
