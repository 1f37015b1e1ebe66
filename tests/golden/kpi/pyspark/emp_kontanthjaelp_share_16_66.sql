SELECT
  `t22`.`municipality`,
  `t22`.`period`,
  '' AS `breakdown`,
  IF(`t23`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t27`.`value`, 0)) AS `numerator`,
  `t22`.`value` AS `denominator`,
  `t22`.`n`,
  IF(
    `t22`.`value` = 0,
    CAST(NULL AS DOUBLE),
    IF(`t23`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t27`.`value`, 0)) / `t22`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t17`.`municipality`,
    `t17`.`period`,
    CAST(SUM(`t17`.`count`) AS DOUBLE) AS `value`,
    SUM(`t17`.`count`) AS `n`
  FROM (
    SELECT
      `t13`.`municipality`,
      `t13`.`year`,
      `t13`.`sex`,
      `t13`.`age`,
      `t13`.`count`,
      `t13`.`period`,
      `t11`.`_p_year`,
      `t11`.`_p_start`,
      `t11`.`_p_end`
    FROM (
      SELECT
        `t0`.`municipality`,
        `t0`.`year`,
        `t0`.`sex`,
        `t0`.`age`,
        `t0`.`count`,
        `t0`.`year` AS `_year`,
        CAST(`t0`.`year` AS STRING) AS `period`
      FROM `population` AS `t0`
      WHERE
        `t0`.`age` BETWEEN 16 AND 66
    ) AS `t13`
    INNER JOIN (
      SELECT
        `t2`.`year` AS `_p_year`,
        `t2`.`start_date` AS `_p_start`,
        `t2`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t2`
    ) AS `t11`
      ON `t13`.`_year` = `t11`.`_p_year`
  ) AS `t17`
  GROUP BY
    1,
    2
) AS `t22`
LEFT OUTER JOIN (
  SELECT
    `t25`.`municipality`,
    `t25`.`period`,
    CAST(COUNT(DISTINCT `t25`.`person_id`) AS DOUBLE) AS `value`,
    COUNT(DISTINCT `t25`.`person_id`) AS `n`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t19`.`person_id`,
        `t19`.`municipality`,
        `t19`.`year`,
        `t19`.`benefit`,
        `t19`.`start_date`,
        `t19`.`end_date`,
        `t19`.`comment`,
        `t19`.`birth_date`,
        `t19`.`_p_year`,
        `t19`.`_p_start`,
        `t19`.`_p_end`,
        CAST(`t19`.`_p_year` AS STRING) AS `period`,
        (
          `t19`.`_p_year` - EXTRACT(year FROM `t19`.`birth_date`)
        ) - IF(
          (
            EXTRACT(month FROM `t19`.`birth_date`) = 1
          )
          AND (
            EXTRACT(day FROM `t19`.`birth_date`) = 1
          ),
          0,
          1
        ) AS `age`
      FROM (
        SELECT
          `t14`.`person_id`,
          `t14`.`municipality`,
          `t14`.`year`,
          `t14`.`benefit`,
          `t14`.`start_date`,
          `t14`.`end_date`,
          `t14`.`comment`,
          `t12`.`birth_date`,
          `t16`.`_p_year`,
          `t16`.`_p_start`,
          `t16`.`_p_end`
        FROM (
          SELECT
            *
          FROM `benefit_spells` AS `t1`
          WHERE
            `t1`.`benefit` = 'kontanthjælp'
        ) AS `t14`
        LEFT OUTER JOIN (
          SELECT DISTINCT
            `t3`.`person_id`,
            `t3`.`birth_date`
          FROM `persons` AS `t3`
        ) AS `t12`
          ON `t14`.`person_id` = `t12`.`person_id`
        INNER JOIN (
          SELECT
            `t2`.`year` AS `_p_year`,
            `t2`.`start_date` AS `_p_start`,
            `t2`.`end_date` AS `_p_end`
          FROM `ref_periods` AS `t2`
          WHERE
            `t2`.`year` >= (
              SELECT
                MIN(`t1`.`year`) AS `Min(year)`
              FROM `benefit_spells` AS `t1`
            )
            AND `t2`.`year` <= (
              SELECT
                MAX(`t1`.`year`) AS `Max(year)`
              FROM `benefit_spells` AS `t1`
            )
        ) AS `t16`
          ON `t14`.`start_date` <= `t16`.`_p_start`
          AND COALESCE(`t14`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t16`.`_p_start`
      ) AS `t19`
    ) AS `t24`
    WHERE
      `t24`.`age` BETWEEN 16 AND 66
  ) AS `t25`
  GROUP BY
    1,
    2
) AS `t27`
  ON `t22`.`municipality` = `t27`.`municipality` AND `t22`.`period` = `t27`.`period`
LEFT OUTER JOIN (
  SELECT
    `t18`.`_d_municipality`,
    CAST(`t18`.`_y` - 0 AS STRING) AS `_d_period`
  FROM (
    SELECT
      `t7`.`_d_municipality`,
      `t7`.`_y`,
      MIN(`t7`.`_y`) OVER (
        PARTITION BY `t7`.`_d_municipality`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS `_first`,
      ROW_NUMBER() OVER (PARTITION BY `t7`.`_d_municipality` ORDER BY `t7`.`_y` ASC NULLS LAST) - 1 AS `_k`
    FROM (
      SELECT DISTINCT
        `t1`.`municipality` AS `_d_municipality`,
        `t1`.`year` AS `_y`
      FROM `benefit_spells` AS `t1`
      WHERE
        `t1`.`year` IS NOT NULL
    ) AS `t7`
  ) AS `t18`
  WHERE
    (
      `t18`.`_y` - `t18`.`_first`
    ) = `t18`.`_k`
) AS `t23`
  ON `t22`.`municipality` = `t23`.`_d_municipality`
  AND `t22`.`period` = `t23`.`_d_period`
