WITH `t7` AS (
  SELECT
    *
  FROM (
    SELECT
      `t5`.`person_id`,
      `t5`.`municipality`,
      `t5`.`school_year`,
      `t5`.`school_id`,
      `t5`.`subject`,
      `t5`.`grade`,
      `t5`.`period`,
      `t3`.`_p_year`,
      `t3`.`_p_start`,
      `t3`.`_p_end`
    FROM (
      SELECT
        `t0`.`person_id`,
        `t0`.`municipality`,
        `t0`.`school_year`,
        `t0`.`school_id`,
        `t0`.`subject`,
        `t0`.`grade`,
        CAST(SUBSTRING(
          `t0`.`school_year`,
          IF((
            0 + 1
          ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t0`.`school_year`)),
          4
        ) AS BIGINT) + 1 AS `_year`,
        `t0`.`school_year` AS `period`
      FROM `exam_grades` AS `t0`
    ) AS `t5`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t3`
      ON `t5`.`_year` = `t3`.`_p_year`
  ) AS `t6`
  WHERE
    `t6`.`subject` = 'dansk'
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
    `t8`.`municipality`,
    `t8`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM `t7` AS `t8`
  GROUP BY
    1,
    2
) AS `t10`
LEFT OUTER JOIN (
  SELECT
    `t8`.`municipality`,
    `t8`.`period`,
    CAST(SUM(`t8`.`grade`) AS DOUBLE) AS `value`,
    COUNT(`t8`.`grade`) AS `n`
  FROM `t7` AS `t8`
  GROUP BY
    1,
    2
) AS `t12`
  ON `t10`.`municipality` = `t12`.`municipality` AND `t10`.`period` = `t12`.`period`
