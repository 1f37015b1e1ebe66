SELECT
  `t14`.`municipality`,
  `t14`.`period`,
  '' AS `breakdown`,
  COALESCE(`t13`.`value`, 0) AS `numerator`,
  `t14`.`value` AS `denominator`,
  `t14`.`n`,
  IF(`t14`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t13`.`value`, 0) / `t14`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t9`.`municipality`,
    `t9`.`period`,
    CAST(SUM(`t9`.`count`) AS DOUBLE) AS `value`,
    SUM(`t9`.`count`) AS `n`
  FROM (
    SELECT
      `t7`.`municipality`,
      `t7`.`year`,
      `t7`.`sex`,
      `t7`.`age`,
      `t7`.`count`,
      `t7`.`period`,
      `t5`.`_p_year`,
      `t5`.`_p_start`,
      `t5`.`_p_end`
    FROM (
      SELECT
        `t0`.`municipality`,
        `t0`.`year`,
        `t0`.`sex`,
        `t0`.`age`,
        `t0`.`count`,
        `t0`.`year` AS `_year`,
        CAST(`t0`.`year` AS STRING) AS `period`
      FROM `population` AS `t0`
    ) AS `t7`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t5`
      ON `t7`.`_year` = `t5`.`_p_year`
  ) AS `t9`
  GROUP BY
    1,
    2
) AS `t14`
LEFT OUTER JOIN (
  SELECT
    `t10`.`municipality`,
    `t10`.`period`,
    SUM(`t10`.`amount_dkk`) AS `value`,
    COUNT(`t10`.`amount_dkk`) AS `n`
  FROM (
    SELECT
      `t8`.`municipality`,
      `t8`.`year`,
      `t8`.`function`,
      `t8`.`function_name`,
      `t8`.`main_account`,
      `t8`.`kind`,
      `t8`.`amount_dkk`,
      `t8`.`period`,
      `t5`.`_p_year`,
      `t5`.`_p_start`,
      `t5`.`_p_end`
    FROM (
      SELECT
        `t2`.`municipality`,
        `t2`.`year`,
        `t2`.`function`,
        `t2`.`function_name`,
        `t2`.`main_account`,
        `t2`.`kind`,
        `t2`.`amount_dkk`,
        `t2`.`year` AS `_year`,
        CAST(`t2`.`year` AS STRING) AS `period`
      FROM `accounts` AS `t2`
      WHERE
        `t2`.`kind` = 'regnskab' AND `t2`.`main_account` = 0
    ) AS `t8`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t5`
      ON `t8`.`_year` = `t5`.`_p_year`
  ) AS `t10`
  GROUP BY
    1,
    2
) AS `t13`
  ON `t14`.`municipality` = `t13`.`municipality` AND `t14`.`period` = `t13`.`period`
