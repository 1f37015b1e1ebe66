WITH `t7` AS (
  SELECT
    `t6`.`municipality`,
    `t6`.`period`,
    `t6`.`_p_year`,
    `t6`.`_p_start`,
    `t6`.`_p_end`,
    `t6`.`person_id`,
    BOOL_OR(`t6`.`subject` = 'dansk') AS `has_danish`,
    BOOL_OR(`t6`.`subject` = 'matematik') AS `has_math`,
    BOOL_OR((
      `t6`.`subject` = 'dansk'
    ) AND (
      `t6`.`grade` >= 2
    )) AS `danish_02`,
    BOOL_OR((
      `t6`.`subject` = 'matematik'
    ) AND (
      `t6`.`grade` >= 2
    )) AS `math_02`
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
  GROUP BY
    1,
    2,
    3,
    4,
    5,
    6
)
SELECT
  `t13`.`municipality`,
  `t13`.`period`,
  '' AS `breakdown`,
  COALESCE(`t14`.`value`, 0) AS `numerator`,
  `t13`.`value` AS `denominator`,
  `t13`.`n`,
  IF(`t13`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t14`.`value`, 0) / `t13`.`value`) * 100.0 AS `value`
FROM (
  SELECT
    `t9`.`municipality`,
    `t9`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM (
    SELECT
      *
    FROM `t7` AS `t8`
    WHERE
      `t8`.`has_danish` = TRUE AND `t8`.`has_math` = TRUE
  ) AS `t9`
  GROUP BY
    1,
    2
) AS `t13`
LEFT OUTER JOIN (
  SELECT
    `t10`.`municipality`,
    `t10`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM (
    SELECT
      *
    FROM `t7` AS `t8`
    WHERE
      `t8`.`has_danish` = TRUE
      AND `t8`.`has_math` = TRUE
      AND `t8`.`danish_02` = TRUE
      AND `t8`.`math_02` = TRUE
  ) AS `t10`
  GROUP BY
    1,
    2
) AS `t14`
  ON `t13`.`municipality` = `t14`.`municipality` AND `t13`.`period` = `t14`.`period`
