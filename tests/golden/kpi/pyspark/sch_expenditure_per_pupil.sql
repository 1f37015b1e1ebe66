SELECT
  `t17`.`municipality`,
  `t17`.`period`,
  '' AS `breakdown`,
  COALESCE(`t16`.`value`, 0) AS `numerator`,
  `t17`.`value` AS `denominator`,
  `t17`.`n`,
  IF(`t17`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t16`.`value`, 0) / `t17`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t13`.`municipality`,
    `t13`.`period`,
    CAST(COUNT(DISTINCT `t13`.`person_id`) AS DOUBLE) AS `value`,
    COUNT(DISTINCT `t13`.`person_id`) AS `n`
  FROM (
    SELECT
      `t10`.`person_id`,
      `t10`.`municipality`,
      `t10`.`school_year`,
      `t10`.`school_id`,
      `t10`.`grade_level`,
      `t10`.`sex`,
      `t10`.`period`,
      `t6`.`_p_year`,
      `t6`.`_p_start`,
      `t6`.`_p_end`
    FROM (
      SELECT
        `t0`.`person_id`,
        `t0`.`municipality`,
        `t0`.`school_year`,
        `t0`.`school_id`,
        `t0`.`grade_level`,
        `t0`.`sex`,
        CAST(SUBSTRING(
          `t0`.`school_year`,
          IF((
            0 + 1
          ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t0`.`school_year`)),
          4
        ) AS BIGINT) + 1 AS `_year`,
        CAST(CAST(SUBSTRING(
          `t0`.`school_year`,
          IF((
            0 + 1
          ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t0`.`school_year`)),
          4
        ) AS BIGINT) + 1 AS STRING) AS `period`
      FROM `pupils` AS `t0`
    ) AS `t10`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t6`
      ON `t10`.`_year` = `t6`.`_p_year`
  ) AS `t13`
  GROUP BY
    1,
    2
) AS `t17`
LEFT OUTER JOIN (
  SELECT
    `t12`.`municipality`,
    `t12`.`period`,
    `t12`.`value`,
    `t12`.`n`
  FROM (
    SELECT
      `t9`.`municipality`,
      `t9`.`_period_raw`,
      `t9`.`value`,
      `t9`.`n`,
      `t9`.`_period_raw` AS `_year`,
      CAST(`t9`.`_period_raw` AS STRING) AS `period`
    FROM (
      SELECT
        `t7`.`municipality`,
        `t7`.`year` AS `_period_raw`,
        SUM(`t7`.`amount_dkk`) AS `value`,
        COUNT(`t7`.`amount_dkk`) AS `n`
      FROM (
        SELECT
          *
        FROM `accounts` AS `t2`
        WHERE
          `t2`.`kind` = 'regnskab' AND `t2`.`function` = '3.22'
      ) AS `t7`
      GROUP BY
        1,
        2
    ) AS `t9`
  ) AS `t12`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`
    FROM `ref_periods` AS `t1`
  ) AS `t5`
    ON `t12`.`_year` = `t5`.`_p_year`
) AS `t16`
  ON `t17`.`municipality` = `t16`.`municipality` AND `t17`.`period` = `t16`.`period`
