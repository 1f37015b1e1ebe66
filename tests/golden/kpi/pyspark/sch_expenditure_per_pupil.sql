SELECT
  `t14`.`municipality`,
  `t14`.`period`,
  '' AS `breakdown`,
  `t13`.`value` AS `numerator`,
  `t14`.`value` AS `denominator`,
  `t14`.`n`,
  IF(`t14`.`value` = 0, CAST(NULL AS DOUBLE), `t13`.`value` / `t14`.`value`) * 1.0 AS `value`
FROM (
  SELECT
    `t10`.`municipality`,
    `t10`.`period`,
    CAST(COUNT(DISTINCT `t10`.`person_id`) AS DOUBLE) AS `value`,
    COUNT(DISTINCT `t10`.`person_id`) AS `n`
  FROM (
    SELECT
      `t8`.`person_id`,
      `t8`.`municipality`,
      `t8`.`school_year`,
      `t8`.`school_id`,
      `t8`.`grade_level`,
      `t8`.`sex`,
      `t8`.`period`,
      `t4`.`_p_year`,
      `t4`.`_p_start`,
      `t4`.`_p_end`
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
    ) AS `t8`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t4`
      ON `t8`.`_year` = `t4`.`_p_year`
  ) AS `t10`
  GROUP BY
    1,
    2
) AS `t14`
LEFT OUTER JOIN (
  SELECT
    `t9`.`municipality`,
    `t9`.`period`,
    COALESCE(
      SUM(
        IF(
          (
            `t9`.`kind` = 'regnskab'
          ) AND (
            `t9`.`function` = '3.22'
          ),
          `t9`.`amount_dkk`,
          NULL
        )
      ),
      0
    ) AS `value`,
    COUNT(
      IF(
        (
          `t9`.`kind` = 'regnskab'
        ) AND (
          `t9`.`function` = '3.22'
        ),
        `t9`.`amount_dkk`,
        NULL
      )
    ) AS `n`
  FROM (
    SELECT
      `t6`.`municipality`,
      `t6`.`year`,
      `t6`.`function`,
      `t6`.`function_name`,
      `t6`.`main_account`,
      `t6`.`kind`,
      `t6`.`amount_dkk`,
      `t6`.`period`,
      `t4`.`_p_year`,
      `t4`.`_p_start`,
      `t4`.`_p_end`
    FROM (
      SELECT
        `t2`.`municipality`,
        `t2`.`year`,
        `t2`.`function`,
        `t2`.`function_name`,
        `t2`.`main_account`,
        `t2`.`kind`,
        `t2`.`amount_dkk`,
        `t2`.`year` AS `_year`,
        CAST(`t2`.`year` AS STRING) AS `period`
      FROM `accounts` AS `t2`
    ) AS `t6`
    INNER JOIN (
      SELECT
        `t1`.`year` AS `_p_year`,
        `t1`.`start_date` AS `_p_start`,
        `t1`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t1`
    ) AS `t4`
      ON `t6`.`_year` = `t4`.`_p_year`
  ) AS `t9`
  GROUP BY
    1,
    2
) AS `t13`
  ON `t14`.`municipality` = `t13`.`municipality` AND `t14`.`period` = `t13`.`period`
