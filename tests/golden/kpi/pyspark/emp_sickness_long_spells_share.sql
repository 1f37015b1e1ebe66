SELECT
  `t15`.`municipality`,
  `t15`.`period`,
  '' AS `breakdown`,
  COALESCE(`t15`.`value_right`, 0) AS `numerator`,
  `t15`.`value` AS `denominator`,
  `t15`.`n`,
  IF(
    `t15`.`value` = 0,
    CAST(NULL AS DOUBLE),
    COALESCE(`t15`.`value_right`, 0) / `t15`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t13`.`municipality`,
    `t13`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`,
    CAST(SUM(CAST(`t13`.`length` > 364 AS BIGINT)) AS DOUBLE) AS `value_right`
  FROM (
    SELECT
      `t10`.`person_id`,
      `t10`.`municipality`,
      `t10`.`year`,
      `t10`.`benefit`,
      `t10`.`start_date`,
      `t10`.`end_date`,
      `t10`.`comment`,
      `t10`.`_p_year`,
      `t10`.`_p_start`,
      `t10`.`_p_end`,
      CAST(`t10`.`_p_year` AS STRING) AS `period`,
      DATEDIFF(
        DAY,
        `t10`.`start_date`,
        IF(
          (
            `t10`.`end_date` IS NULL
          ) OR (
            `t10`.`end_date` > `t10`.`_p_end`
          ),
          `t10`.`_p_end`,
          `t10`.`end_date`
        )
      ) + 1 AS `length`
    FROM (
      SELECT
        `t6`.`person_id`,
        `t6`.`municipality`,
        `t6`.`year`,
        `t6`.`benefit`,
        `t6`.`start_date`,
        `t6`.`end_date`,
        `t6`.`comment`,
        `t8`.`_p_year`,
        `t8`.`_p_start`,
        `t8`.`_p_end`
      FROM (
        SELECT
          *
        FROM `benefit_spells` AS `t0`
        WHERE
          `t0`.`benefit` = 'sygedagpenge'
      ) AS `t6`
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
      ) AS `t8`
        ON `t6`.`start_date` <= `t8`.`_p_end`
        AND COALESCE(`t6`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t8`.`_p_start`
    ) AS `t10`
  ) AS `t13`
  GROUP BY
    1,
    2
) AS `t15`
LEFT SEMI JOIN (
  SELECT
    `t9`.`_d_municipality`,
    CAST(`t9`.`_y` - 0 AS STRING) AS `_d_period`
  FROM (
    SELECT
      `t2`.`_d_municipality`,
      `t2`.`_y`,
      MIN(`t2`.`_y`) OVER (
        PARTITION BY `t2`.`_d_municipality`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS `_first`,
      ROW_NUMBER() OVER (PARTITION BY `t2`.`_d_municipality` ORDER BY `t2`.`_y` ASC NULLS LAST) - 1 AS `_k`
    FROM (
      SELECT DISTINCT
        `t0`.`municipality` AS `_d_municipality`,
        `t0`.`year` AS `_y`
      FROM `benefit_spells` AS `t0`
      WHERE
        `t0`.`year` IS NOT NULL
    ) AS `t2`
  ) AS `t9`
  WHERE
    (
      `t9`.`_y` - `t9`.`_first`
    ) = `t9`.`_k`
) AS `t12`
  ON `t15`.`municipality` = `t12`.`_d_municipality`
  AND `t15`.`period` = `t12`.`_d_period`
