WITH "t6" AS (
  SELECT DISTINCT
    "t2"."district_id" AS "c_district",
    "t2"."city_id" AS "c_city"
  FROM "compacts" AS "t2"
  WHERE
    "t2"."status" = 'active'
), "t13" AS (
  SELECT
    "t11"."district_id",
    COUNT(*) AS "students",
    COALESCE(SUM(CAST(CASE WHEN "t11"."c_city" IS NOT NULL THEN 1 ELSE 0 END AS BIGINT)), 0) AS "covered",
    COALESCE(
      SUM(CAST(CASE WHEN "t11"."residence_city_id" IS NULL THEN 1 ELSE 0 END AS BIGINT)),
      0
    ) AS "unknown_residence"
  FROM (
    SELECT
      "t7"."student_key",
      "t7"."school_id",
      "t7"."district_id",
      "t7"."grade",
      "t7"."cohort",
      "t7"."status",
      "t7"."graduated",
      "t7"."birth_year",
      "t7"."gender",
      "t7"."race_ethnicity",
      "t7"."english_learner",
      "t7"."socioeconomically_disadvantaged",
      "t7"."disability",
      "t7"."foster",
      "t7"."homeless",
      "t7"."residence_city_id",
      "t9"."c_district",
      "t9"."c_city"
    FROM (
      SELECT
        *
      FROM "students" AS "t0"
      WHERE
        "t0"."status" = 'enrolled'
    ) AS "t7"
    LEFT OUTER JOIN "t6" AS "t9"
      ON "t7"."district_id" = "t9"."c_district"
      AND "t7"."residence_city_id" = "t9"."c_city"
  ) AS "t11"
  GROUP BY
    1
), "t14" AS (
  SELECT
    "t12"."district_id",
    COUNT(*) AS "students",
    COALESCE(SUM(CAST(CASE WHEN "t12"."c_city" IS NOT NULL THEN 1 ELSE 0 END AS BIGINT)), 0) AS "covered",
    COALESCE(
      SUM(CAST(CASE WHEN "t12"."residence_city_id" IS NULL THEN 1 ELSE 0 END AS BIGINT)),
      0
    ) AS "unknown_residence"
  FROM (
    SELECT
      "t7"."student_key",
      "t7"."school_id",
      "t7"."district_id",
      "t7"."grade",
      "t7"."cohort",
      "t7"."status",
      "t7"."graduated",
      "t7"."birth_year",
      "t7"."gender",
      "t7"."race_ethnicity",
      "t7"."english_learner",
      "t7"."socioeconomically_disadvantaged",
      "t7"."disability",
      "t7"."foster",
      "t7"."homeless",
      "t7"."residence_city_id",
      "t5"."sch_id",
      "t5"."sch_city",
      "t10"."c_district",
      "t10"."c_city"
    FROM (
      SELECT
        *
      FROM "students" AS "t0"
      WHERE
        "t0"."status" = 'enrolled'
    ) AS "t7"
    LEFT OUTER JOIN (
      SELECT
        "t1"."school_id" AS "sch_id",
        "t1"."city_id" AS "sch_city"
      FROM "schools" AS "t1"
    ) AS "t5"
      ON "t7"."school_id" = "t5"."sch_id"
    LEFT OUTER JOIN "t6" AS "t10"
      ON "t7"."district_id" = "t10"."c_district" AND "t5"."sch_city" = "t10"."c_city"
  ) AS "t12"
  GROUP BY
    1
)
SELECT
  "t27"."basis",
  "t27"."district_id",
  "t27"."students",
  "t27"."covered",
  "t27"."unknown_residence",
  CASE
    WHEN "t27"."students" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t27"."covered" AS DOUBLE) / "t27"."students"
  END AS "rate"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t23"."district_id",
      "t23"."students",
      "t23"."covered",
      "t23"."unknown_residence",
      'residence' AS "basis"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM "t13" AS "t15"
      ) AS "t17"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          CAST(NULL AS BIGINT) AS "district_id",
          "t19"."students",
          "t19"."covered",
          "t19"."unknown_residence"
        FROM (
          SELECT
            SUM("t15"."students") AS "students",
            SUM("t15"."covered") AS "covered",
            SUM("t15"."unknown_residence") AS "unknown_residence"
          FROM "t13" AS "t15"
        ) AS "t19"
      ) AS "t21"
    ) AS "t23"
  ) AS "t25"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t24"."district_id",
      "t24"."students",
      "t24"."covered",
      "t24"."unknown_residence",
      'school_location' AS "basis"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM "t14" AS "t16"
      ) AS "t18"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          CAST(NULL AS BIGINT) AS "district_id",
          "t20"."students",
          "t20"."covered",
          "t20"."unknown_residence"
        FROM (
          SELECT
            SUM("t16"."students") AS "students",
            SUM("t16"."covered") AS "covered",
            SUM("t16"."unknown_residence") AS "unknown_residence"
          FROM "t14" AS "t16"
        ) AS "t20"
      ) AS "t22"
    ) AS "t24"
  ) AS "t26"
) AS "t27"
