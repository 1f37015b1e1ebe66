SELECT
  `t10`.`municipality`,
  `t10`.`period`,
  '' AS `breakdown`,
  COALESCE(`t10`.`value_right`, 0) AS `numerator`,
  `t10`.`value` AS `denominator`,
  `t10`.`n`,
  IF(
    `t10`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t10`.`value_right`, 0) / `t10`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t9`.`municipality`,
    `t9`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(CAST(`t9`.`length` > 364 AS BIGINT)) AS DOUBLE) AS `value_right`
  FROM (
    SELECT
      `t8`.`person_id`,
      `t8`.`municipality`,
      `t8`.`year`,
      `t8`.`benefit`,
      `t8`.`start_date`,
      `t8`.`end_date`,
      `t8`.`comment`,
      `t8`.`_p_year`,
      `t8`.`_p_start`,
      `t8`.`_p_end`,
      CAST(`t8`.`_p_year` AS STRING) AS `period`,
      DATEDIFF(
        DAY,
        `t8`.`start_date`,
        IF(
          (
            `t8`.`end_date` IS NULL
          ) OR (
            `t8`.`end_date` > `t8`.`_p_end`
          ),
          `t8`.`_p_end`,
          `t8`.`end_date`
        )
      ) + 1 AS `length`
    FROM (
      SELECT
        `t5`.`person_id`,
        `t5`.`municipality`,
        `t5`.`year`,
        `t5`.`benefit`,
        `t5`.`start_date`,
        `t5`.`end_date`,
        `t5`.`comment`,
        `t7`.`_p_year`,
        `t7`.`_p_start`,
        `t7`.`_p_end`
      FROM (
        SELECT
          *
        FROM `benefit_spells` AS `t0`
        WHERE
          `t0`.`benefit` = 'sygedagpenge'
      ) AS `t5`
      INNER JOIN (
        SELECT
          `t1`.`year` AS `_p_year`,
          `t1`.`start_date` AS `_p_start`,
          `t1`.`end_date` AS `_p_end`
        FROM `ref_periods` AS `t1`
        WHERE
          `t1`.`year` >= (
            SELECT
              MIN(`t0`.`year`) AS `Min(year)`
            FROM `benefit_spells` AS `t0`
          )
          AND `t1`.`year` <= (
            SELECT
              MAX(`t0`.`year`) AS `Max(year)`
            FROM `benefit_spells` AS `t0`
          )
      ) AS `t7`
        ON `t5`.`start_date` <= `t7`.`_p_end`
        AND COALESCE(`t5`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t7`.`_p_start`
    ) AS `t8`
  ) AS `t9`
  GROUP BY
    1,
    2
) AS `t10`
