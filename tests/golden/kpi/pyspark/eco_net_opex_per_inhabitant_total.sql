SELECT
  `t9`.`municipality`,
  `t9`.`period`,
  '' AS `breakdown`,
  COALESCE(`t13`.`value`, 0) AS `numerator`,
  `t9`.`value` AS `denominator`,
  `t9`.`n`,
  IF(`t9`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t13`.`value`, 0) / `t9`.`value`) * 1.0 AS `value`
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
) AS `t9`
INNER JOIN (
  SELECT
    `t1`.`year` AS `_p_year`
  FROM `ref_periods` AS `t1`
) AS `t4`
  ON `t9`.`_year` = `t4`.`_p_year`
LEFT OUTER JOIN (
  SELECT
    `t11`.`municipality`,
    `t11`.`period`,
    `t11`.`value`,
    `t11`.`n`
  FROM (
    SELECT
      `t7`.`municipality`,
      `t7`.`_period_raw`,
      `t7`.`value`,
      `t7`.`n`,
      `t7`.`_period_raw` AS `_year`,
      CAST(`t7`.`_period_raw` AS STRING) AS `period`
    FROM (
      SELECT
        `t5`.`municipality`,
        `t5`.`year` AS `_period_raw`,
        SUM(`t5`.`amount_dkk`) AS `value`,
        COUNT(`t5`.`amount_dkk`) AS `n`
      FROM (
        SELECT
          *
        FROM `accounts` AS `t2`
        WHERE
          `t2`.`kind` = 'regnskab'
      ) AS `t5`
      GROUP BY
        1,
        2
    ) AS `t7`
  ) AS `t11`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`
    FROM `ref_periods` AS `t1`
  ) AS `t4`
    ON `t11`.`_year` = `t4`.`_p_year`
) AS `t13`
  ON `t9`.`municipality` = `t13`.`municipality` AND `t9`.`period` = `t13`.`period`
