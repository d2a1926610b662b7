SELECT
  "t12"."year" AS "academic_year",
  "t12"."district_id",
  "t12"."vendor_id",
  "t12"."vendor_name",
  "t12"."contracts",
  "t12"."placements_committed",
  "t12"."placements_delivered",
  "t12"."hours_committed",
  "t12"."hours_delivered",
  CAST(CASE
    WHEN (
      "t12"."placements_delivered" >= "t12"."placements_committed"
    )
    AND (
      "t12"."hours_delivered" >= "t12"."hours_committed"
    )
    THEN 1
    ELSE 0
  END AS BIGINT) AS "compliant"
FROM (
  SELECT
    "t11"."year",
    "t11"."vendor_id",
    "t11"."vendor_name",
    "t11"."district_id",
    COUNT("t11"."contract_id") AS "contracts",
    SUM("t11"."wbl_placements_committed") AS "placements_committed",
    SUM(COALESCE("t11"."placements", 0)) AS "placements_delivered",
    SUM("t11"."wbl_hours_committed") AS "hours_committed",
    SUM(COALESCE("t11"."hours", 0.0)) AS "hours_delivered"
  FROM (
    SELECT
      "t10"."contract_id",
      "t10"."vendor_id",
      "t10"."vendor_name",
      "t10"."district_id",
      "t10"."status",
      "t10"."start_date",
      "t10"."end_date",
      "t10"."wbl_placements_committed",
      "t10"."wbl_hours_committed",
      "t10"."year",
      "t8"."d_contract",
      "t8"."d_year",
      "t8"."placements",
      "t8"."hours"
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
          "t5"."year"
        FROM "vendor_contracts" AS "t3"
        CROSS JOIN (
          SELECT DISTINCT
            "t2"."academic_year" AS "year"
          FROM "student_years" AS "t2"
        ) AS "t5"
      ) AS "t6"
      WHERE
        "t6"."status" = 'active'
        AND "t6"."start_date" <= MAKE_DATE(CAST(CAST("t6"."year" AS BIGINT) + 1 AS INT), CAST(6 AS INT), CAST(30 AS INT))
        AND "t6"."end_date" >= MAKE_DATE(CAST(CAST("t6"."year" AS BIGINT) AS INT), CAST(7 AS INT), CAST(1 AS INT))
        AND (
          (
            "t6"."wbl_placements_committed" > 0
          ) OR (
            "t6"."wbl_hours_committed" > 0
          )
        )
    ) AS "t10"
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
    ) AS "t8"
      ON "t10"."contract_id" = "t8"."d_contract" AND "t10"."year" = "t8"."d_year"
  ) AS "t11"
  GROUP BY
    1,
    2,
    3,
    4
) AS "t12"
