WITH `t10` AS (
  SELECT
    *
  FROM `population` AS `t1`
  WHERE
    `t1`.`age` BETWEEN 16 AND 66
), `t18` AS (
  SELECT
    `t13`.`person_id`,
    `t13`.`municipality`,
    `t13`.`year`,
    `t13`.`benefit`,
    `t13`.`start_date`,
    `t13`.`end_date`,
    `t13`.`birth_year`,
    `t13`.`sex`,
    `t13`.`_p_year`,
    `t13`.`_p_start`,
    `t13`.`_p_end`,
    CAST(`t13`.`_p_year` AS STRING) AS `period`,
    `t13`.`_p_year` - `t13`.`birth_year` AS `age`
  FROM (
    SELECT
      `t4`.`person_id`,
      `t4`.`municipality`,
      `t4`.`year`,
      `t4`.`benefit`,
      `t4`.`start_date`,
      `t4`.`end_date`,
      `t11`.`birth_year`,
      `t11`.`sex`,
      `t9`.`_p_year`,
      `t9`.`_p_start`,
      `t9`.`_p_end`
    FROM `benefit_spells` AS `t4`
    LEFT OUTER JOIN (
      SELECT DISTINCT
        *
      FROM `persons` AS `t3`
    ) AS `t11`
      ON `t4`.`person_id` = `t11`.`person_id`
    INNER JOIN (
      SELECT
        `t0`.`year` AS `_p_year`,
        `t0`.`start_date` AS `_p_start`,
        `t0`.`end_date` AS `_p_end`
      FROM `ref_periods` AS `t0`
    ) AS `t9`
      ON `t4`.`start_date` <= `t9`.`_p_end`
      AND COALESCE(`t4`.`end_date`, MAKE_DATE(9999, 12, 31)) >= `t9`.`_p_start`
  ) AS `t13`
  WHERE
    `t13`.`_p_year` - `t13`.`birth_year` BETWEEN 16 AND 66
)
SELECT
  *
FROM (
  SELECT
    `t19`.`municipality`,
    `t19`.`period`,
    '' AS `breakdown`,
    COALESCE(`t24`.`value`, 0) AS `numerator`,
    `t19`.`value` AS `denominator`,
    `t19`.`n`,
    IF(`t19`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t24`.`value`, 0) / `t19`.`value`) * 100.0 AS `value`
  FROM (
    SELECT
      `t14`.`municipality`,
      `t14`.`_period_raw`,
      `t14`.`value`,
      `t14`.`n`,
      `t14`.`_period_raw` AS `_year`,
      CAST(`t14`.`_period_raw` AS STRING) AS `period`
    FROM (
      SELECT
        `t12`.`municipality`,
        `t12`.`year` AS `_period_raw`,
        CAST(SUM(`t12`.`count`) AS DOUBLE) AS `value`,
        SUM(`t12`.`count`) AS `n`
      FROM `t10` AS `t12`
      GROUP BY
        1,
        2
    ) AS `t14`
  ) AS `t19`
  INNER JOIN (
    SELECT
      `t0`.`year` AS `_p_year`
    FROM `ref_periods` AS `t0`
  ) AS `t8`
    ON `t19`.`_year` = `t8`.`_p_year`
  LEFT OUTER JOIN (
    SELECT
      `t21`.`municipality`,
      `t21`.`period`,
      CAST(COUNT(DISTINCT `t21`.`person_id`) AS DOUBLE) AS `value`,
      COUNT(DISTINCT `t21`.`person_id`) AS `n`
    FROM `t18` AS `t21`
    GROUP BY
      1,
      2
  ) AS `t24`
    ON `t19`.`municipality` = `t24`.`municipality` AND `t19`.`period` = `t24`.`period`
) AS `t26`
UNION ALL
SELECT
  *
FROM (
  SELECT
    `t20`.`municipality`,
    `t20`.`period`,
    CONCAT('sex=', `t20`.`sex`) AS `breakdown`,
    COALESCE(`t25`.`value`, 0) AS `numerator`,
    `t20`.`value` AS `denominator`,
    `t20`.`n`,
    IF(`t20`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t25`.`value`, 0) / `t20`.`value`) * 100.0 AS `value`
  FROM (
    SELECT
      `t15`.`municipality`,
      `t15`.`_period_raw`,
      `t15`.`sex`,
      `t15`.`value`,
      `t15`.`n`,
      `t15`.`_period_raw` AS `_year`,
      CAST(`t15`.`_period_raw` AS STRING) AS `period`
    FROM (
      SELECT
        `t12`.`municipality`,
        `t12`.`year` AS `_period_raw`,
        `t12`.`sex`,
        CAST(SUM(`t12`.`count`) AS DOUBLE) AS `value`,
        SUM(`t12`.`count`) AS `n`
      FROM `t10` AS `t12`
      GROUP BY
        1,
        2,
        3
    ) AS `t15`
  ) AS `t20`
  INNER JOIN (
    SELECT
      `t0`.`year` AS `_p_year`
    FROM `ref_periods` AS `t0`
  ) AS `t8`
    ON `t20`.`_year` = `t8`.`_p_year`
  LEFT OUTER JOIN (
    SELECT
      `t21`.`municipality`,
      `t21`.`period`,
      `t21`.`sex`,
      CAST(COUNT(DISTINCT `t21`.`person_id`) AS DOUBLE) AS `value`,
      COUNT(DISTINCT `t21`.`person_id`) AS `n`
    FROM `t18` AS `t21`
    GROUP BY
      1,
      2,
      3
  ) AS `t25`
    ON `t20`.`municipality` = `t25`.`municipality`
    AND `t20`.`period` = `t25`.`period`
    AND `t20`.`sex` = `t25`.`sex`
) AS `t27`
