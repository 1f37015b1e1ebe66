SELECT
  `t1`.`municipality`,
  `t1`.`_period_raw` AS `period`,
  '' AS `breakdown`,
  COALESCE(`t1`.`value_right`, 0) AS `numerator`,
  `t1`.`value` AS `denominator`,
  `t1`.`n`,
  IF(
    `t1`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t1`.`value_right`, 0) / `t1`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t0`.`municipality`,
    `t0`.`school_year` AS `_period_raw`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(CAST(`t0`.`status` IN ('gymnasial', 'erhvervsfaglig') AS BIGINT)) AS DOUBLE) AS `value_right`
  FROM `youth_education` AS `t0`
  GROUP BY
    1,
    2
) AS `t1`
WHERE
  CAST(SUBSTRING(
    `t1`.`_period_raw`,
    IF((
      0 + 1
    ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t1`.`_period_raw`)),
    4
  ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
