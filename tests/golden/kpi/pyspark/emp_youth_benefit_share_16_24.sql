SELECT
  `t21`.`municipality`,
  `t21`.`period`,
  '' AS `breakdown`,
  IF(`t22`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t26`.`value`, 0)) AS `numerator`,
  `t21`.`value` AS `denominator`,
  `t21`.`n`,
  IF(
    `t21`.`value` = 0,
    CAST(NULL AS DOUBLE),
    IF(`t22`.`_d_municipality` IS NULL, CAST(NULL AS DOUBLE), COALESCE(`t26`.`value`, 0)) / `t21`.`value`
  ) * 100.0 AS `value`
FROM (
  SELECT
    `t16`.`municipality`,
    `t16`.`period`,
    CAST(SUM(`t16`.`count`) AS DOUBLE) AS `value`,
    SUM(`t16`.`count`) AS `n`
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
        `t0`.`age` BETWEEN 16 AND 24
    ) AS `t13`
    INNER JOIN (
      SELECT
        `t2`.`year` AS `_p_year`,
        `t2`.`start_date` AS `_p_start`,
        `t2`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t2`
    ) AS `t11`
      ON `t13`.`_year` = `t11`.`_p_year`
  ) AS `t16`
  GROUP BY
    1,
    2
) AS `t21`
LEFT OUTER JOIN (
  SELECT
    `t24`.`municipality`,
    `t24`.`period`,
    CAST(COUNT(DISTINCT `t24`.`person_id`) AS DOUBLE) AS `value`,
    COUNT(DISTINCT `t24`.`person_id`) AS `n`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t18`.`person_id`,
        `t18`.`municipality`,
        `t18`.`year`,
        `t18`.`benefit`,
        `t18`.`start_date`,
        `t18`.`end_date`,
        `t18`.`comment`,
        `t18`.`birth_date`,
        `t18`.`_p_year`,
        `t18`.`_p_start`,
        `t18`.`_p_end`,
        CAST(`t18`.`_p_year` AS STRING) AS `period`,
        (
          `t18`.`_p_year` - EXTRACT(year FROM `t18`.`birth_date`)
        ) - IF(
          (
            EXTRACT(month FROM `t18`.`birth_date`) = 1
          )
          AND (
            EXTRACT(day FROM `t18`.`birth_date`) = 1
          ),
          0,
          1
        ) AS `age`
      FROM (
        SELECT
          `t4`.`person_id`,
          `t4`.`municipality`,
          `t4`.`year`,
          `t4`.`benefit`,
          `t4`.`start_date`,
          `t4`.`end_date`,
          `t4`.`comment`,
          `t12`.`birth_date`,
          `t15`.`_p_year`,
          `t15`.`_p_start`,
          `t15`.`_p_end`
        FROM `benefit_spells` AS `t4`
        LEFT OUTER JOIN (
          SELECT DISTINCT
            `t3`.`person_id`,
            `t3`.`birth_date`
          FROM `persons` AS `t3`
        ) AS `t12`
          ON `t4`.`person_id` = `t12`.`person_id`
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
        ) AS `t15`
          ON `t4`.`start_date` <= `t15`.`_p_end`
          AND COALESCE(`t4`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t15`.`_p_start`
      ) AS `t18`
    ) AS `t23`
    WHERE
      `t23`.`age` BETWEEN 16 AND 24
  ) AS `t24`
  GROUP BY
    1,
    2
) AS `t26`
  ON `t21`.`municipality` = `t26`.`municipality` AND `t21`.`period` = `t26`.`period`
LEFT OUTER JOIN (
  SELECT
    `t17`.`_d_municipality`,
    CAST(`t17`.`_y` - 0 AS STRING) AS `_d_period`
  FROM (
    SELECT
      `t8`.`_d_municipality`,
      `t8`.`_y`,
      MIN(`t8`.`_y`) OVER (
        PARTITION BY `t8`.`_d_municipality`
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS `_first`,
      ROW_NUMBER() OVER (PARTITION BY `t8`.`_d_municipality` ORDER BY `t8`.`_y` ASC NULLS LAST) - 1 AS `_k`
    FROM (
      SELECT DISTINCT
        `t1`.`municipality` AS `_d_municipality`,
        `t1`.`year` AS `_y`
      FROM `benefit_spells` AS `t1`
      WHERE
        `t1`.`year` IS NOT NULL
    ) AS `t8`
  ) AS `t17`
  WHERE
    (
      `t17`.`_y` - `t17`.`_first`
    ) = `t17`.`_k`
) AS `t22`
  ON `t21`.`municipality` = `t22`.`_d_municipality`
  AND `t21`.`period` = `t22`.`_d_period`
