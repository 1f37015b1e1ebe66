SELECT
  `t9`.`municipality`,
  CAST(`t9`.`_period_raw` AS STRING) AS `period`,
  '' AS `breakdown`,
  `t9`.`value_right` AS `numerator`,
  `t9`.`value` AS `denominator`,
  `t9`.`n`,
  IF(`t9`.`value` = 0, CAST(NULL AS DOUBLE), `t9`.`value_right` / `t9`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t8`.`municipality`,
    `t8`.`_period_raw`,
    `t8`.`value`,
    `t8`.`n`,
    `t7`.`municipality` AS `municipality_right`,
    `t7`.`_period_raw` AS `_period_raw_right`,
    `t7`.`value` AS `value_right`,
    `t7`.`n` AS `n_right`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t2`.`municipality`,
        `t2`.`year` AS `_period_raw`,
        CAST(SUM(`t2`.`count`) AS DOUBLE) AS `value`,
        SUM(`t2`.`count`) AS `n`
      FROM (
        SELECT
          *
        FROM `population` AS `t0`
        WHERE
          `t0`.`year` BETWEEN 2000 AND 2040
      ) AS `t2`
      GROUP BY
        1,
        2
    ) AS `t4`
  ) AS `t8`
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
                `t1`.`main_account` = 6
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
              `t1`.`main_account` = 6
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
    ON `t8`.`municipality` = `t7`.`municipality`
    AND `t8`.`_period_raw` = `t7`.`_period_raw`
) AS `t9`
