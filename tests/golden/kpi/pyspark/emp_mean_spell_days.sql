WITH `t5` AS (
  SELECT
    `t2`.`person_id`,
    `t2`.`municipality`,
    `t2`.`year`,
    `t2`.`benefit`,
    `t2`.`start_date`,
    `t2`.`end_date`,
    `t2`.`comment`,
    `t4`.`_p_year`,
    `t4`.`_p_start`,
    `t4`.`_p_end`
  FROM `benefit_spells` AS `t2`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`,
      `t1`.`start_date` AS `_p_start`,
      `t1`.`end_date` AS `_p_end`
    FROM `ref_periods` AS `t1`
  ) AS `t4`
    ON `t2`.`end_date` >= `t4`.`_p_start` AND `t2`.`end_date` <= `t4`.`_p_end`
)
SELECT
  `t10`.`municipality`,
  `t10`.`period`,
  '' AS `breakdown`,
  COALESCE(`t12`.`value`, 0) AS `numerator`,
  `t10`.`value` AS `denominator`,
  `t10`.`n`,
  IF(`t10`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t12`.`value`, 0) / `t10`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t7`.`municipality`,
    `t7`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM (
    SELECT
      `t6`.`person_id`,
      `t6`.`municipality`,
      `t6`.`year`,
      `t6`.`benefit`,
      `t6`.`start_date`,
      `t6`.`end_date`,
      `t6`.`comment`,
      `t6`.`_p_year`,
      `t6`.`_p_start`,
      `t6`.`_p_end`,
      CAST(`t6`.`_p_year` AS STRING) AS `period`
    FROM `t5` AS `t6`
    WHERE
      `t6`.`benefit` IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS `t7`
  GROUP BY
    1,
    2
) AS `t10`
LEFT OUTER JOIN (
  SELECT
    `t8`.`municipality`,
    `t8`.`period`,
    CAST(SUM(`t8`.`length`) AS DOUBLE) AS `value`,
    COUNT(`t8`.`length`) AS `n`
  FROM (
    SELECT
      `t6`.`person_id`,
      `t6`.`municipality`,
      `t6`.`year`,
      `t6`.`benefit`,
      `t6`.`start_date`,
      `t6`.`end_date`,
      `t6`.`comment`,
      `t6`.`_p_year`,
      `t6`.`_p_start`,
      `t6`.`_p_end`,
      CAST(`t6`.`_p_year` AS STRING) AS `period`,
      DATEDIFF(DAY, `t6`.`start_date`, `t6`.`end_date`) + 1 AS `length`
    FROM `t5` AS `t6`
    WHERE
      `t6`.`benefit` IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS `t8`
  GROUP BY
    1,
    2
) AS `t12`
  ON `t10`.`municipality` = `t12`.`municipality` AND `t10`.`period` = `t12`.`period`
