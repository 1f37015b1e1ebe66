SELECT
  `t7`.`municipality`,
  `t7`.`period`,
  '' AS `breakdown`,
  COALESCE(`t6`.`value`, 0) AS `numerator`,
  `t7`.`value` AS `denominator`,
  `t7`.`n`,
  IF(`t7`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t6`.`value`, 0) / `t7`.`value`) * 1000.0 AS `value`
FROM (
  SELECT
    `t3`.`municipality`,
    CAST(`t3`.`_period_raw` AS STRING) AS `period`,
    `t3`.`value`,
    `t3`.`n`
  FROM (
    SELECT
      `t0`.`municipality`,
      `t0`.`year` AS `_period_raw`,
      CAST(SUM(`t0`.`count`) AS DOUBLE) AS `value`,
      SUM(`t0`.`count`) AS `n`
    FROM `population` AS `t0`
    GROUP BY
      1,
      2
  ) AS `t3`
  WHERE
    `t3`.`_period_raw` BETWEEN 2000 AND 2040
) AS `t7`
LEFT OUTER JOIN (
  SELECT
    `t2`.`municipality`,
    CAST(`t2`.`_period_raw` AS STRING) AS `period`,
    `t2`.`value`,
    `t2`.`n`
  FROM (
    SELECT
      `t1`.`municipality`,
      `t1`.`year` AS `_period_raw`,
      SUM(`t1`.`fte`) AS `value`,
      COUNT(`t1`.`fte`) AS `n`
    FROM `employees` AS `t1`
    GROUP BY
      1,
      2
  ) AS `t2`
  WHERE
    `t2`.`_period_raw` BETWEEN 2000 AND 2040
) AS `t6`
  ON `t7`.`municipality` = `t6`.`municipality` AND `t7`.`period` = `t6`.`period`
