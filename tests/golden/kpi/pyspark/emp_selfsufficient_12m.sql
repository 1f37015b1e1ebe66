WITH `t12` AS (
  SELECT
    `t7`.`person_id`,
    `t7`.`municipality`,
    `t7`.`year`,
    `t7`.`benefit`,
    `t7`.`start_date`,
    `t7`.`end_date`,
    `t7`.`comment`,
    `t10`.`_p_year`,
    `t10`.`_p_start`,
    `t10`.`_p_end`
  FROM (
    SELECT
      *
    FROM `benefit_spells` AS `t0`
    WHERE
      `t0`.`benefit` IN ('a-dagpenge', 'kontanthjælp', 'uddannelseshjælp', 'sygedagpenge')
  ) AS `t7`
  INNER JOIN (
    SELECT
      `t1`.`year` AS `_p_year`,
      `t1`.`start_date` AS `_p_start`,
      `t1`.`end_date` AS `_p_end`
    FROM `ref_periods` AS `t1`
    WHERE
      (
        `t1`.`year` + 1
      ) <= (
        SELECT
          MAX(`t0`.`year`) AS `Max(year)`
        FROM `benefit_spells` AS `t0`
      )
      AND `t1`.`year` >= (
        SELECT
          MIN(`t0`.`year`) AS `Min(year)`
        FROM `benefit_spells` AS `t0`
      )
      AND `t1`.`year` <= (
        SELECT
          MAX(`t0`.`year`) AS `Max(year)`
        FROM `benefit_spells` AS `t0`
      )
  ) AS `t10`
    ON `t7`.`end_date` >= `t10`.`_p_start` AND `t7`.`end_date` <= `t10`.`_p_end`
)
SELECT
  `t20`.`municipality`,
  `t20`.`period`,
  '' AS `breakdown`,
  COALESCE(`t23`.`value`, 0) AS `numerator`,
  `t20`.`value` AS `denominator`,
  `t20`.`n`,
  IF(`t20`.`value` = 0, CAST(NULL AS DOUBLE), COALESCE(`t23`.`value`, 0) / `t20`.`value`) * 100.0 AS `value`
FROM (
  SELECT
    `t16`.`municipality`,
    `t16`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM (
    SELECT
      `t14`.`person_id`,
      `t14`.`municipality`,
      `t14`.`year`,
      `t14`.`benefit`,
      `t14`.`start_date`,
      `t14`.`end_date`,
      `t14`.`comment`,
      `t14`.`_p_year`,
      `t14`.`_p_start`,
      `t14`.`_p_end`,
      CAST(`t14`.`_p_year` AS STRING) AS `period`
    FROM `t12` AS `t14`
  ) AS `t16`
  GROUP BY
    1,
    2
) AS `t20`
LEFT OUTER JOIN (
  SELECT
    `t21`.`municipality`,
    `t21`.`period`,
    CAST(COUNT(*) AS DOUBLE) AS `value`,
    COUNT(*) AS `n`
  FROM (
    SELECT
      `t18`.`person_id`,
      `t18`.`municipality`,
      `t18`.`year`,
      `t18`.`benefit`,
      `t18`.`start_date`,
      `t18`.`end_date`,
      `t18`.`comment`,
      `t18`.`_p_year`,
      `t18`.`_p_start`,
      `t18`.`_p_end`,
      `t18`.`period`
    FROM (
      SELECT
        `t14`.`person_id`,
        `t14`.`municipality`,
        `t14`.`year`,
        `t14`.`benefit`,
        `t14`.`start_date`,
        `t14`.`end_date`,
        `t14`.`comment`,
        `t14`.`_p_year`,
        `t14`.`_p_start`,
        `t14`.`_p_end`,
        CAST(`t14`.`_p_year` AS STRING) AS `period`
      FROM `t12` AS `t14`
      WHERE
        `t14`.`end_date` IS NOT NULL
    ) AS `t18`
    LEFT ANTI JOIN (
      SELECT
        `t0`.`person_id` AS `__o_person_id`,
        `t0`.`start_date` AS `__o_start`,
        COALESCE(`t0`.`end_date`, MAKE_DATE(9999, 12, 31)) AS `__o_end`
      FROM `benefit_spells` AS `t0`
    ) AS `t8`
      ON `t18`.`person_id` = `t8`.`__o_person_id`
      AND `t8`.`__o_start` <= (
        `t18`.`end_date` + INTERVAL '365' DAY
      )
      AND `t8`.`__o_end` >= (
        `t18`.`end_date` + INTERVAL '365' DAY
      )
  ) AS `t21`
  GROUP BY
    1,
    2
) AS `t23`
  ON `t20`.`municipality` = `t23`.`municipality` AND `t20`.`period` = `t23`.`period`
LEFT SEMI JOIN (
  SELECT
    `t11`.`_d_municipality`,
    CAST(`t11`.`_y` - 1 AS STRING) AS `_d_period`
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
  ) AS `t11`
  WHERE
    (
      `t11`.`_y` - `t11`.`_first`
    ) = `t11`.`_k`
) AS `t15`
  ON `t20`.`municipality` = `t15`.`_d_municipality`
  AND `t20`.`period` = `t15`.`_d_period`
