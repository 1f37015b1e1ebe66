SELECT
  `t8`.`municipality`,
  `t8`.`period`,
  '' AS `breakdown`,
  COALESCE(`t8`.`value_right`, 0) AS `numerator`,
  `t8`.`value` AS `denominator`,
  `t8`.`n`,
  IF(
    `t8`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t8`.`value_right`, 0) / `t8`.`value`
  ) * 1.0 AS `value`
FROM (
  SELECT
    `t7`.`municipality`,
    `t7`.`period`,
    `t7`.`value`,
    `t7`.`n`,
    `t7`.`value_right`
  FROM (
    SELECT
      `t5`.`municipality`,
      `t5`.`_period_raw`,
      `t5`.`value`,
      `t5`.`n`,
      `t5`.`value_right`,
      CAST(SUBSTRING(
        `t5`.`_period_raw`,
        IF((
          0 + 1
        ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t5`.`_period_raw`)),
        4
      ) AS BIGINT) + 1 AS `_year`,
      `t5`.`_period_raw` AS `period`
    FROM (
      SELECT
        `t4`.`municipality`,
        `t4`.`school_year` AS `_period_raw`,
        CAST(COUNT(*) AS DOUBLE) AS `value`,
        COUNT(*) AS `n`,
        CAST(SUM(`t4`.`grade`) AS DOUBLE) AS `value_right`
      FROM (
        SELECT
          *
        FROM `exam_grades` AS `t1`
        WHERE
          `t1`.`subject` = 'dansk'
      ) AS `t4`
      GROUP BY
        1,
        2
    ) AS `t5`
  ) AS `t7`
  INNER JOIN (
    SELECT
      `t0`.`year` AS `_p_year`
    FROM `ref_periods` AS `t0`
  ) AS `t3`
    ON `t7`.`_year` = `t3`.`_p_year`
) AS `t8`
