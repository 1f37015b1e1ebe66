SELECT
  `t21`.`municipality`,
  `t21`.`period`,
  '' AS `breakdown`,
  IF(`t13`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t25`.`value`, 0)) AS `numerator`,
  `t21`.`value` AS `denominator`,
  `t21`.`n`,
  IF(
    `t21`.`value` = 0,
    CAST(NULL AS DOUBLE),
    IF(`t13`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t25`.`value`, 0)) / `t21`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t18`.`municipality`,
    `t18`.`period`,
    CAST(SUM(`t18`.`count`) AS DOUBLE) AS `value`,
    SUM(`t18`.`count`) AS `n`
  FROM (
    SELECT
      `t15`.`municipality`,
      `t15`.`year`,
      `t15`.`sex`,
      `t15`.`age`,
      `t15`.`count`,
      `t15`.`period`,
      `t11`.`_p_year`,
      `t11`.`_p_start`,
      `t11`.`_p_end`
    FROM (
      SELECT
        `t1`.`municipality`,
        `t1`.`year`,
        `t1`.`sex`,
        `t1`.`age`,
        `t1`.`count`,
        `t1`.`year` AS `_year`,
        CAST(`t1`.`year` AS STRING) AS `period`
      FROM `population` AS `t1`
      WHERE
        `t1`.`age` BETWEEN 16 AND 66
    ) AS `t15`
    INNER JOIN (
      SELECT
        `t2`.`year` AS `_p_year`,
        `t2`.`start_date` AS `_p_start`,
        `t2`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t2`
    ) AS `t11`
      ON `t15`.`_year` = `t11`.`_p_year`
  ) AS `t18`
  GROUP BY
    1,
    2
) AS `t21`
LEFT OUTER JOIN (
  SELECT
    `t23`.`municipality`,
    `t23`.`period`,
    CAST(COUNT(DISTINCT `t23`.`person_id`) AS DOUBLE) AS `value`,
    COUNT(DISTINCT `t23`.`person_id`) AS `n`
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
          `t17`.`_p_year`,
          `t17`.`_p_start`,
          `t17`.`_p_end`
        FROM (
          SELECT
            *
          FROM `benefit_spells` AS `t0`
          WHERE
            `t0`.`benefit` = 'a-dagpenge'
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
                MIN(`t0`.`year`) AS `Min(year)`
              FROM `benefit_spells` AS `t0`
            )
            AND `t2`.`year` <= (
              SELECT
                MAX(`t0`.`year`) AS `Max(year)`
              FROM `benefit_spells` AS `t0`
            )
        ) AS `t17`
          ON `t14`.`start_date` <= `t17`.`_p_start`
          AND COALESCE(`t14`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t17`.`_p_start`
      ) AS `t19`
    ) AS `t22`
    WHERE
      `t22`.`age` BETWEEN 16 AND 66
  ) AS `t23`
  GROUP BY
    1,
    2
) AS `t25`
  ON `t21`.`municipality` = `t25`.`municipality` AND `t21`.`period` = `t25`.`period`
LEFT OUTER JOIN (
  SELECT DISTINCT
    `t0`.`municipality` AS `_d_municipality`,
    CAST(`t0`.`year` AS STRING) AS `_d_period`
  FROM `benefit_spells` AS `t0`
) AS `t13`
  ON `t21`.`municipality` = `t13`.`_d_municipality`
  AND `t21`.`period` = `t13`.`_d_period`
