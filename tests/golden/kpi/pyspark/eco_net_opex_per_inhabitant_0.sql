SELECT
  `t8`.`municipality`,
  CAST(`t8`.`_period_raw` AS STRING) AS `period`,
  '' AS `breakdown`,
  `t8`.`value_right` AS `numerator`,
  `t8`.`value` AS `denominator`,
  `t8`.`n`,
  IF(`t8`.`value` = 0, CAST(NULL AS DOUBLE), `t8`.`value_right` / `t8`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t5`.`municipality`,
    `t5`.`_period_raw`,
    `t5`.`value`,
    `t5`.`n`,
    `t7`.`municipality` AS `municipality_right`,
    `t7`.`_period_raw` AS `_period_raw_right`,
    `t7`.`value` AS `value_right`,
    `t7`.`n` AS `n_right`
  FROM (
    SELECT
      *
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
    ) AS `t2`
    WHERE
      `t2`.`_period_raw` BETWEEN 2000 AND 2040
  ) AS `t5`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        `t1`.`municipality`,
        `t1`.`year` AS `_period_raw`,
        COALESCE(
          SUM(
            IF(
              (
                `t1`.`kind` = 'regnskab'
              ) AND (
                `t1`.`main_account` = 0
              ),
              `t1`.`amount_dkk`,
              NULL
            )
          ),
          0
        ) AS `value`,
        COUNT(
          IF(
            (
              `t1`.`kind` = 'regnskab'
            ) AND (
              `t1`.`main_account` = 0
            ),
            `t1`.`amount_dkk`,
            NULL
          )
        ) AS `n`
      FROM `accounts` AS `t1`
      GROUP BY
        1,
        2
    ) AS `t3`
  ) AS `t7`
    ON `t5`.`municipality` = `t7`.`municipality`
    AND `t5`.`_period_raw` = `t7`.`_period_raw`
) AS `t8`
