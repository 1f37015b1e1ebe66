SELECT
  `t9`.`municipality`,
  CAST(`t9`.`_period_raw` AS STRING) AS `period`,
  '' AS `breakdown`,
  COALESCE(`t9`.`value_right`, 0) AS `numerator`,
  `t9`.`value` AS `denominator`,
  `t9`.`n`,
  IF(
    `t9`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t9`.`value_right`, 0) / `t9`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t6`.`municipality`,
    `t6`.`_period_raw`,
    `t6`.`value`,
    `t6`.`n`,
    `t8`.`municipality` AS `municipality_right`,
    `t8`.`_period_raw` AS `_period_raw_right`,
    `t8`.`value` AS `value_right`,
    `t8`.`n` AS `n_right`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t1`.`municipality`,
        `t1`.`year` AS `_period_raw`,
        SUM(`t1`.`amount_dkk`) AS `value`,
        COUNT(`t1`.`amount_dkk`) AS `n`
      FROM (
        SELECT
          *
        FROM `accounts` AS `t0`
        WHERE
          `t0`.`kind` = 'budget' AND `t0`.`year` BETWEEN 2000 AND 2040
      ) AS `t1`
      GROUP BY
        1,
        2
    ) AS `t3`
  ) AS `t6`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        `t2`.`municipality`,
        `t2`.`year` AS `_period_raw`,
        SUM(`t2`.`signed_amount`) AS `value`,
        COUNT(`t2`.`signed_amount`) AS `n`
      FROM (
        SELECT
          `t0`.`municipality`,
          `t0`.`year`,
          `t0`.`function`,
          `t0`.`function_name`,
          `t0`.`main_account`,
          `t0`.`kind`,
          `t0`.`amount_dkk`,
          IF(`t0`.`kind` = 'budget', -(
            `t0`.`amount_dkk`
          ), `t0`.`amount_dkk`) AS `signed_amount`
        FROM `accounts` AS `t0`
        WHERE
          `t0`.`kind` IN ('regnskab', 'budget')
      ) AS `t2`
      GROUP BY
        1,
        2
    ) AS `t4`
  ) AS `t8`
    ON `t6`.`municipality` = `t8`.`municipality`
    AND `t6`.`_period_raw` = `t8`.`_period_raw`
) AS `t9`
