SELECT
  `t2`.`municipality`,
  `t2`.`_period_raw` AS `period`,
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
    `t1`.`school_year` AS `_period_raw`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(`t1`.`grade`) AS DOUBLE) AS `value_right`
  FROM (
    SELECT
      *
    FROM `exam_grades` AS `t0`
    WHERE
      `t0`.`subject` = 'matematik'
  ) AS `t1`
  GROUP BY
    1,
    2
) AS `t2`
WHERE
  CAST(SUBSTRING(
    `t2`.`_period_raw`,
    IF((
      0 + 1
    ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t2`.`_period_raw`)),
    4
  ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
