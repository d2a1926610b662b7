WITH "t8" AS (
  SELECT
    "t7"."cohort",
    "t7"."district_id",
    "t7"."school_id",
    "t7"."race_ethnicity",
    "t7"."gender",
    "t7"."english_learner",
    "t7"."socioeconomically_disadvantaged",
    "t7"."disability",
    "t7"."foster",
    "t7"."homeless",
    COUNT(*) AS "cohort_students",
    COALESCE(SUM(CAST(CASE WHEN "t7"."graduated" THEN 1 ELSE 0 END AS BIGINT)), 0) AS "graduates",
    COALESCE(
      SUM(
        CAST(CASE WHEN "t7"."cci_college_credit" = 'prepared' THEN 1 ELSE 0 END AS BIGINT)
      ),
      0
    ) AS "prepared",
    COALESCE(
      SUM(
        CAST(CASE WHEN "t7"."cci_college_credit" = 'approaching' THEN 1 ELSE 0 END AS BIGINT)
      ),
      0
    ) AS "approaching"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t2"."student_key",
        "t2"."school_id",
        "t2"."district_id",
        "t2"."grade",
        "t2"."cohort",
        "t2"."status",
        "t2"."graduated",
        "t2"."birth_year",
        "t2"."gender",
        "t2"."race_ethnicity",
        "t2"."english_learner",
        "t2"."socioeconomically_disadvantaged",
        "t2"."disability",
        "t2"."foster",
        "t2"."homeless",
        "t2"."residence_city_id",
        COALESCE("t5"."sixths", 0) AS "sixths",
        CASE
          WHEN NOT (
            "t2"."graduated"
          )
          THEN 'not_prepared'
          WHEN COALESCE("t5"."sixths", 0) >= 6
          THEN 'prepared'
          WHEN COALESCE("t5"."sixths", 0) >= 3
          THEN 'approaching'
          ELSE 'not_prepared'
        END AS "cci_college_credit"
      FROM "students" AS "t2"
      LEFT OUTER JOIN (
        SELECT
          "t3"."student_key" AS "c_key",
          SUM(CASE WHEN "t3"."term_kind" = 'semester' THEN 3 ELSE 2 END) AS "sixths"
        FROM (
          SELECT
            "t1"."student_key",
            "t1"."academic_year",
            "t1"."term_code",
            "t1"."term_kind",
            "t1"."subject",
            "t1"."units_attempted",
            "t1"."grade",
            "t1"."status"
          FROM "enrollments" AS "t1"
          WHERE
            "t1"."provider" = 'college'
            AND "t1"."credit_type" IN ('college', 'dual')
            AND "t1"."status" <> 'dropped'
            AND "t1"."grade" IN ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'P')
            AND "t1"."subject" IN ('academic', 'cte')
            AND "t1"."term_kind" IN ('semester', 'quarter', 'trimester')
        ) AS "t3"
        GROUP BY
          1
      ) AS "t5"
        ON "t2"."student_key" = "t5"."c_key"
    ) AS "t6"
    WHERE
      "t6"."cohort" <= 2025
  ) AS "t7"
  GROUP BY
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10
), "t32" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t10"."cohort",
          "t10"."district_id",
          "t10"."school_id",
          "t10"."group_type",
          "t10"."group",
          SUM("t10"."cohort_students") AS "cohort_students",
          SUM("t10"."graduates") AS "graduates",
          SUM("t10"."prepared") AS "prepared",
          SUM("t10"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'all' AS "group_type",
            'all' AS "group"
          FROM "t8" AS "t9"
        ) AS "t10"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t18"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t11"."cohort",
          "t11"."district_id",
          "t11"."school_id",
          "t11"."group_type",
          "t11"."group",
          SUM("t11"."cohort_students") AS "cohort_students",
          SUM("t11"."graduates") AS "graduates",
          SUM("t11"."prepared") AS "prepared",
          SUM("t11"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'race_ethnicity' AS "group_type",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "group"
          FROM "t8" AS "t9"
        ) AS "t11"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t19"
    ) AS "t26"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t12"."cohort",
          "t12"."district_id",
          "t12"."school_id",
          "t12"."group_type",
          "t12"."group",
          SUM("t12"."cohort_students") AS "cohort_students",
          SUM("t12"."graduates") AS "graduates",
          SUM("t12"."prepared") AS "prepared",
          SUM("t12"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'gender' AS "group_type",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "group"
          FROM "t8" AS "t9"
        ) AS "t12"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t20"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t13"."cohort",
          "t13"."district_id",
          "t13"."school_id",
          "t13"."group_type",
          "t13"."group",
          SUM("t13"."cohort_students") AS "cohort_students",
          SUM("t13"."graduates") AS "graduates",
          SUM("t13"."prepared") AS "prepared",
          SUM("t13"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'english_learner' AS "group_type",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t8" AS "t9"
        ) AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t21"
    ) AS "t27"
  ) AS "t30"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t14"."cohort",
          "t14"."district_id",
          "t14"."school_id",
          "t14"."group_type",
          "t14"."group",
          SUM("t14"."cohort_students") AS "cohort_students",
          SUM("t14"."graduates") AS "graduates",
          SUM("t14"."prepared") AS "prepared",
          SUM("t14"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'socioeconomically_disadvantaged' AS "group_type",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t8" AS "t9"
        ) AS "t14"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t22"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t15"."cohort",
          "t15"."district_id",
          "t15"."school_id",
          "t15"."group_type",
          "t15"."group",
          SUM("t15"."cohort_students") AS "cohort_students",
          SUM("t15"."graduates") AS "graduates",
          SUM("t15"."prepared") AS "prepared",
          SUM("t15"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'disability' AS "group_type",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t8" AS "t9"
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t23"
    ) AS "t28"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t16"."cohort",
          "t16"."district_id",
          "t16"."school_id",
          "t16"."group_type",
          "t16"."group",
          SUM("t16"."cohort_students") AS "cohort_students",
          SUM("t16"."graduates") AS "graduates",
          SUM("t16"."prepared") AS "prepared",
          SUM("t16"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'foster' AS "group_type",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t8" AS "t9"
        ) AS "t16"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t24"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t17"."cohort",
          "t17"."district_id",
          "t17"."school_id",
          "t17"."group_type",
          "t17"."group",
          SUM("t17"."cohort_students") AS "cohort_students",
          SUM("t17"."graduates") AS "graduates",
          SUM("t17"."prepared") AS "prepared",
          SUM("t17"."approaching") AS "approaching"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."race_ethnicity",
            "t9"."gender",
            "t9"."english_learner",
            "t9"."socioeconomically_disadvantaged",
            "t9"."disability",
            "t9"."foster",
            "t9"."homeless",
            "t9"."cohort_students",
            "t9"."graduates",
            "t9"."prepared",
            "t9"."approaching",
            CASE
              WHEN (
                "t9"."race_ethnicity" IS NULL
              ) OR (
                "t9"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t9"."gender" IS NULL
              ) OR (
                "t9"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t9"."gender"
            END AS "g_gender",
            CASE WHEN "t9"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t9"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t9"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t9"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'homeless' AS "group_type",
            CASE WHEN "t9"."homeless" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t8" AS "t9"
        ) AS "t17"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t25"
    ) AS "t29"
  ) AS "t31"
)
SELECT
  "t40"."cohort",
  "t40"."district_id",
  "t40"."school_id",
  "t40"."group_type",
  "t40"."group",
  "t40"."cohort_students",
  "t40"."graduates",
  "t40"."prepared",
  "t40"."approaching",
  CASE
    WHEN "t40"."cohort_students" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t40"."prepared" AS DOUBLE) / "t40"."cohort_students"
  END AS "rate_prepared",
  CASE
    WHEN "t40"."cohort_students" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t40"."approaching" AS DOUBLE) / "t40"."cohort_students"
  END AS "rate_approaching"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t35"."cohort",
      CAST(NULL AS BIGINT) AS "district_id",
      CAST(NULL AS BIGINT) AS "school_id",
      "t35"."group_type",
      "t35"."group",
      "t35"."cohort_students",
      "t35"."graduates",
      "t35"."prepared",
      "t35"."approaching"
    FROM (
      SELECT
        "t33"."cohort",
        "t33"."group_type",
        "t33"."group",
        SUM("t33"."cohort_students") AS "cohort_students",
        SUM("t33"."graduates") AS "graduates",
        SUM("t33"."prepared") AS "prepared",
        SUM("t33"."approaching") AS "approaching"
      FROM "t32" AS "t33"
      GROUP BY
        1,
        2,
        3
    ) AS "t35"
  ) AS "t37"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM "t32" AS "t33"
    ) AS "t34"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t36"."cohort",
        "t36"."district_id",
        CAST(NULL AS BIGINT) AS "school_id",
        "t36"."group_type",
        "t36"."group",
        "t36"."cohort_students",
        "t36"."graduates",
        "t36"."prepared",
        "t36"."approaching"
      FROM (
        SELECT
          "t33"."cohort",
          "t33"."district_id",
          "t33"."group_type",
          "t33"."group",
          SUM("t33"."cohort_students") AS "cohort_students",
          SUM("t33"."graduates") AS "graduates",
          SUM("t33"."prepared") AS "prepared",
          SUM("t33"."approaching") AS "approaching"
        FROM "t32" AS "t33"
        GROUP BY
          1,
          2,
          3,
          4
      ) AS "t36"
    ) AS "t38"
  ) AS "t39"
) AS "t40"
