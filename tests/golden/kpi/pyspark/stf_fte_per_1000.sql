SELECT
  `t10`.`municipality`,
  `t10`.`period`,
  '' AS `breakdown`,
  COALESCE(`t12`.`value`, 0) AS `numerator`,
  `t10`.`value` AS `denominator`,
  `t10`.`n`,
  IF(`t10`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t12`.`value`, 0) / `t10`.`value`) * 1000.0 AS `value`
FROM (
  SELECT
    `t6`.`municipality`,
    `t6`.`_period_raw`,
    `t6`.`value`,
    `t6`.`n`,
    `t6`.`_period_raw` AS `_year`,
    CAST(`t6`.`_period_raw` AS STRING) AS `period`
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
  ) AS `t6`
) AS `t10`
INNER JOIN (
  SELECT
    `t1`.`year` AS `_p_year`
  FROM `ref_periods` AS `t1`
) AS `t4`
  ON `t10`.`_year` = `t4`.`_p_year`
LEFT OUTER JOIN (
  SELECT
    `t9`.`municipality`,
    `t9`.`period`,
    `t9`.`value`,
    `t9`.`n`
  FROM (
    SELECT
      `t5`.`municipality`,
      `t5`.`_period_raw`,
      `t5`.`value`,
      `t5`.`n`,
      `t5`.`_period_raw` AS `_year`,
      CAST(`t5`.`_period_raw` AS STRING) AS `period`
    FROM (
      SELECT
        `t2`.`municipality`,
        `t2`.`year` AS `_period_raw`,
        SUM(`t2`.`fte`) AS `value`,
        COUNT(`t2`.`fte`) AS `n`
      FROM `employees` AS `t2`
      GROUP BY
        1,
        2
    ) AS `t5`
  ) AS `t9`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`
    FROM `ref_periods` AS `t1`
  ) AS `t4`
    ON `t9`.`_year` = `t4`.`_p_year`
) AS `t12`
  ON `t10`.`municipality` = `t12`.`municipality` AND `t10`.`period` = `t12`.`period`
