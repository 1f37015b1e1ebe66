SELECT
  `t8`.`municipality`,
  `t8`.`_period_raw` AS `period`,
  '' AS `breakdown`,
  COALESCE(`t8`.`value_right`, 0) AS `numerator`,
  `t8`.`value` AS `denominator`,
  `t8`.`n`,
  IF(
    `t8`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t8`.`value_right`, 0) / `t8`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t6`.`municipality`,
    `t6`.`_period_raw`,
    `t6`.`value`,
    `t6`.`n`,
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
        `t0`.`school_year` AS `_period_raw`,
        CAST(COUNT(DISTINCT `t0`.`person_id`) AS DOUBLE) AS `value`,
        COUNT(DISTINCT `t0`.`person_id`) AS `n`
      FROM `pupils` AS `t0`
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
  ) AS `t6`
  LEFT OUTER JOIN (
    SELECT
      *
    FROM (
      SELECT
        `t1`.`municipality`,
        `t1`.`school_year` AS `_period_raw`,
        CAST(COUNT(DISTINCT `t1`.`person_id`) AS DOUBLE) AS `value`,
        COUNT(DISTINCT `t1`.`person_id`) AS `n`
      FROM `special_education` AS `t1`
      GROUP BY
        1,
        2
    ) AS `t3`
    WHERE
      CAST(SUBSTRING(
        `t3`.`_period_raw`,
        IF((
          0 + 1
        ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t3`.`_period_raw`)),
        4
      ) AS BIGINT) + 1 BETWEEN 2000 AND 2040
  ) AS `t7`
    ON `t6`.`municipality` = `t7`.`municipality`
    AND `t6`.`_period_raw` = `t7`.`_period_raw`
) AS `t8`
