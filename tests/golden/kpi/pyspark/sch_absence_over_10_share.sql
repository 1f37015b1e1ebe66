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
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t7`.`municipality`,
    `t7`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(CAST(TRUE AND (
      `t7`.`absence_share` > 0.1
    ) AS BIGINT)) AS DOUBLE) AS `value_right`
  FROM (
    SELECT
      `t6`.`person_id`,
      `t6`.`municipality`,
      `t6`.`school_year`,
      `t6`.`school_id`,
      `t6`.`grade_level`,
      `t6`.`school_days`,
      `t6`.`absence_days`,
      `t6`.`period`,
      `t6`.`_p_year`,
      `t6`.`_p_start`,
      `t6`.`_p_end`,
      IF(
        CAST(`t6`.`school_days` AS DOUBLE) = 0,
        CAST(NULL AS DOUBLE),
        `t6`.`absence_days` / CAST(`t6`.`school_days` AS DOUBLE)
      ) AS `absence_share`
    FROM (
      SELECT
        `t5`.`person_id`,
        `t5`.`municipality`,
        `t5`.`school_year`,
        `t5`.`school_id`,
        `t5`.`grade_level`,
        `t5`.`school_days`,
        `t5`.`absence_days`,
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
          `t0`.`grade_level`,
          `t0`.`school_days`,
          `t0`.`absence_days`,
          CAST(SUBSTRING(
            `t0`.`school_year`,
            IF((
              0 + 1
            ) >= 1, 0 + 1, 0 + 1 + LENGTH(`t0`.`school_year`)),
            4
          ) AS BIGINT) + 1 AS `_year`,
          `t0`.`school_year` AS `period`
        FROM `absence` AS `t0`
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
  ) AS `t7`
  GROUP BY
    1,
    2
) AS `t8`
