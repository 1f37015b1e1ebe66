SELECT
  `t11`.`municipality`,
  `t11`.`period`,
  '' AS `breakdown`,
  `t11`.`value` AS `numerator`,
  CAST(NULL AS DOUBLE) AS `denominator`,
  `t11`.`n`,
  `t11`.`value` * 100.0 AS `value`
FROM (
  SELECT
    `t10`.`municipality`,
    `t10`.`period`,
    AVG(`t10`.`validity`) AS `value`,
    COUNT(`t10`.`validity`) AS `n`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t8`.`dataset`,
        `t8`.`municipality`,
        `t8`.`load_id`,
        `t8`.`completeness`,
        `t8`.`validity`,
        `t8`.`uniqueness`,
        `t8`.`timeliness`,
        `t8`.`score`,
        `t8`.`computed_at`,
        `t8`.`domain`,
        `t8`.`period`,
        `t8`.`_p_year`,
        `t8`.`_p_start`,
        `t8`.`_p_end`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t6`.`dataset`,
            `t6`.`municipality`,
            `t6`.`load_id`,
            `t6`.`completeness`,
            `t6`.`validity`,
            `t6`.`uniqueness`,
            `t6`.`timeliness`,
            `t6`.`score`,
            `t6`.`computed_at`,
            `t6`.`domain`,
            `t6`.`period`,
            `t6`.`_p_year`,
            `t6`.`_p_start`,
            `t6`.`_p_end`,
            ROW_NUMBER() OVER (
              PARTITION BY `t6`.`municipality`, `t6`.`period`, `t6`.`dataset`
              ORDER BY `t6`.`computed_at` DESC, `t6`.`load_id` DESC
            ) - 1 AS `_newest`
          FROM (
            SELECT
              `t5`.`dataset`,
              `t5`.`municipality`,
              `t5`.`load_id`,
              `t5`.`completeness`,
              `t5`.`validity`,
              `t5`.`uniqueness`,
              `t5`.`timeliness`,
              `t5`.`score`,
              `t5`.`computed_at`,
              `t5`.`domain`,
              `t5`.`period`,
              `t3`.`_p_year`,
              `t3`.`_p_start`,
              `t3`.`_p_end`
            FROM (
              SELECT
                `t0`.`dataset`,
                `t0`.`municipality`,
                `t0`.`load_id`,
                `t0`.`completeness`,
                `t0`.`validity`,
                `t0`.`uniqueness`,
                `t0`.`timeliness`,
                `t0`.`score`,
                `t0`.`computed_at`,
                `t0`.`domain`,
                CAST(EXTRACT(year FROM `t0`.`computed_at`) AS BIGINT) AS `_year`,
                CAST(CAST(EXTRACT(year FROM `t0`.`computed_at`) AS BIGINT) AS STRING) AS `period`
              FROM `quality_scores` AS `t0`
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
        WHERE
          `t7`.`_newest` = 0
      ) AS `t8`
    ) AS `t9`
    WHERE
      `t9`.`domain` = 'employment'
  ) AS `t10`
  GROUP BY
    1,
    2
) AS `t11`
