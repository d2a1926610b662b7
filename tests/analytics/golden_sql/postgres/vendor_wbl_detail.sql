SELECT
  "t14"."year" AS "academic_year",
  "t14"."district_id",
  "t14"."vendor_id",
  "t14"."vendor_name",
  "t14"."contracts",
  "t14"."placements_committed",
  "t14"."placements_delivered",
  "t14"."hours_committed",
  "t14"."hours_delivered",
  CAST(CASE
    WHEN (
      "t14"."placements_delivered" >= "t14"."placements_committed"
    )
    AND (
      "t14"."hours_delivered" >= "t14"."hours_committed"
    )
    THEN 1
    ELSE 0
  END AS BIGINT) AS "compliant"
FROM (
  SELECT
    "t13"."year",
    "t13"."vendor_id",
    "t13"."vendor_name",
    "t13"."district_id",
    COUNT("t13"."contract_id") AS "contracts",
    SUM("t13"."wbl_placements_committed") AS "placements_committed",
    SUM(COALESCE("t13"."placements", 0)) AS "placements_delivered",
    SUM("t13"."wbl_hours_committed") AS "hours_committed",
    SUM(COALESCE("t13"."hours", 0.0)) AS "hours_delivered"
  FROM (
    SELECT
      "t12"."contract_id",
      "t12"."vendor_id",
      "t12"."vendor_name",
      "t12"."district_id",
      "t12"."status",
      "t12"."start_date",
      "t12"."end_date",
      "t12"."wbl_placements_committed",
      "t12"."wbl_hours_committed",
      "t12"."year",
      "t10"."d_contract",
      "t10"."d_year",
      "t10"."placements",
      "t10"."hours"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t3"."contract_id",
          "t3"."vendor_id",
          "t3"."vendor_name",
          "t3"."district_id",
          "t3"."status",
          "t3"."start_date",
          "t3"."end_date",
          "t3"."wbl_placements_committed",
          "t3"."wbl_hours_committed",
          "t7"."year"
        FROM "vendor_contracts" AS "t3"
        CROSS JOIN (
          SELECT
            *
          FROM (
            SELECT
              CAST("t2"."academic_year" AS INT) AS "year"
            FROM "student_years" AS "t2"
          ) AS "t5"
          UNION
          SELECT
            *
          FROM (
            SELECT
              "t0"."academic_year" AS "year"
            FROM "wbl_placements" AS "t0"
            WHERE
              "t0"."academic_year" IS NOT NULL
          ) AS "t4"
        ) AS "t7"
      ) AS "t9"
      WHERE
        "t9"."status" = 'active'
        AND "t9"."start_date" <= MAKE_DATE(CAST(CAST("t9"."year" AS BIGINT) + 1 AS INT), CAST(6 AS INT), CAST(30 AS INT))
        AND "t9"."end_date" >= MAKE_DATE(CAST(CAST("t9"."year" AS BIGINT) AS INT), CAST(7 AS INT), CAST(1 AS INT))
        AND (
          (
            "t9"."wbl_placements_committed" > 0
          ) OR (
            "t9"."wbl_hours_committed" > 0
          )
        )
    ) AS "t12"
    LEFT OUTER JOIN (
      SELECT
        "t0"."contract_id" AS "d_contract",
        "t0"."academic_year" AS "d_year",
        COALESCE(
          SUM(
            CAST(CASE WHEN "t0"."status" IN ('placed', 'active', 'completed') THEN 1 ELSE 0 END AS BIGINT)
          ),
          0
        ) AS "placements",
        SUM("t0"."hours_confirmed") AS "hours"
      FROM "wbl_placements" AS "t0"
      GROUP BY
        1,
        2
    ) AS "t10"
      ON "t12"."contract_id" = "t10"."d_contract" AND "t12"."year" = "t10"."d_year"
  ) AS "t13"
  GROUP BY
    1,
    2,
    3,
    4
) AS "t14"
