WITH "t11" AS (
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
)
SELECT
  "t19"."academic_year",
  "t19"."district_id",
  "t19"."vendors",
  "t19"."compliant",
  CASE
    WHEN "t19"."vendors" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t19"."compliant" AS DOUBLE PRECISION) / "t19"."vendors"
  END AS "rate"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t15"."academic_year",
      "t15"."district_id",
      COUNT(*) AS "vendors",
      SUM("t15"."compliant") AS "compliant"
    FROM (
      SELECT
        "t13"."year",
        "t13"."vendor_id",
        "t13"."vendor_name",
        "t13"."district_id",
        "t13"."contracts",
        "t13"."placements_committed",
        "t13"."placements_delivered",
        "t13"."hours_committed",
        "t13"."hours_delivered",
        CAST(CASE
          WHEN (
            "t13"."placements_delivered" >= "t13"."placements_committed"
          )
          AND (
            "t13"."hours_delivered" >= "t13"."hours_committed"
          )
          THEN 1
          ELSE 0
        END AS BIGINT) AS "compliant",
        "t13"."year" AS "academic_year"
      FROM (
        SELECT
          "t12"."year",
          "t12"."vendor_id",
          "t12"."vendor_name",
          "t12"."district_id",
          COUNT("t12"."contract_id") AS "contracts",
          SUM("t12"."wbl_placements_committed") AS "placements_committed",
          SUM(COALESCE("t12"."placements", 0)) AS "placements_delivered",
          SUM("t12"."wbl_hours_committed") AS "hours_committed",
          SUM(COALESCE("t12"."hours", 0.0)) AS "hours_delivered"
        FROM "t11" AS "t12"
        GROUP BY
          1,
          2,
          3,
          4
      ) AS "t13"
    ) AS "t15"
    GROUP BY
      1,
      2
  ) AS "t17"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t16"."academic_year",
      "t16"."district_id",
      COUNT(*) AS "vendors",
      SUM("t16"."compliant") AS "compliant"
    FROM (
      SELECT
        "t14"."year",
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
        END AS BIGINT) AS "compliant",
        "t14"."year" AS "academic_year",
        CAST(NULL AS BIGINT) AS "district_id"
      FROM (
        SELECT
          "t12"."year",
          "t12"."vendor_id",
          "t12"."vendor_name",
          COUNT("t12"."contract_id") AS "contracts",
          SUM("t12"."wbl_placements_committed") AS "placements_committed",
          SUM(COALESCE("t12"."placements", 0)) AS "placements_delivered",
          SUM("t12"."wbl_hours_committed") AS "hours_committed",
          SUM(COALESCE("t12"."hours", 0.0)) AS "hours_delivered"
        FROM "t11" AS "t12"
        GROUP BY
          1,
          2,
          3
      ) AS "t14"
    ) AS "t16"
    GROUP BY
      1,
      2
  ) AS "t18"
) AS "t19"
