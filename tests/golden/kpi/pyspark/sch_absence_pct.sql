SELECT
  `t7`.`municipality`,
  `t7`.`period`,
  '' AS `breakdown`,
  COALESCE(`t7`.`value_right`, 0) AS `numerator`,
  `t7`.`value` AS `denominator`,
  `t7`.`n`,
  IF(
    `t7`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t7`.`value_right`, 0) / `t7`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t6`.`municipality`,
    `t6`.`period`,
    `t6`.`value`,
    `t6`.`n`,
    `t6`.`value_right`
  FROM (
    SELECT
      `t4`.`municipality`,
      `t4`.`_period_raw`,
      `t4`.`value`,
      `t4`.`n`,
      `t4`.`value_right`,
      CAST(SUBSTRING(
        `t4`.`_period_raw`,
        IF((
          0 + 1
        ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t4`.`_period_raw`)),
        4
      ) AS BIGINT) + 1 AS `_year`,
      `t4`.`_period_raw` AS `period`
    FROM (
      SELECT
        `t0`.`municipality`,
        `t0`.`school_year` AS `_period_raw`,
        CAST(SUM(`t0`.`school_days`) AS DOUBLE) AS `value`,
        COUNT(`t0`.`school_days`) AS `n`,
        SUM(`t0`.`absence_days`) AS `value_right`
      FROM `absence` AS `t0`
      GROUP BY
        1,
        2
    ) AS `t4`
  ) AS `t6`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`
    FROM `ref_periods` AS `t1`
  ) AS `t3`
    ON `t6`.`_year` = `t3`.`_p_year`
) AS `t7`
