WITH "t13" AS (
  SELECT
    "t12"."academic_year",
    "t12"."district_id",
    "t12"."school_id",
    "t12"."race_ethnicity",
    "t12"."gender",
    "t12"."english_learner",
    "t12"."socioeconomically_disadvantaged",
    "t12"."disability",
    "t12"."foster",
    "t12"."homeless",
    COUNT(*) AS "students",
    COALESCE(SUM(CAST(CASE WHEN "t12"."p_key" IS NOT NULL THEN 1 ELSE 0 END AS BIGINT)), 0) AS "participants"
  FROM (
    SELECT
      "t10"."student_key",
      "t10"."academic_year",
      "t10"."school_id",
      "t10"."grade",
      "t11"."p_key",
      "t11"."p_year",
      "t8"."race_ethnicity",
      "t8"."gender",
      "t8"."english_learner",
      "t8"."socioeconomically_disadvantaged",
      "t8"."disability",
      "t8"."foster",
      "t8"."homeless",
      "t9"."school_id" AS "school_id_right",
      "t9"."district_id"
    FROM (
      SELECT
        *
      FROM "student_years" AS "t0"
      WHERE
        "t0"."grade" >= 9 AND "t0"."grade" <= 12
    ) AS "t10"
    LEFT OUTER JOIN (
      SELECT DISTINCT
        "t1"."student_key" AS "p_key",
        "t1"."academic_year" AS "p_year"
      FROM "enrollments" AS "t1"
      WHERE
        "t1"."provider" = 'college'
        AND "t1"."credit_type" IN ('college', 'dual')
        AND "t1"."status" <> 'dropped'
    ) AS "t11"
      ON "t10"."student_key" = "t11"."p_key" AND "t10"."academic_year" = "t11"."p_year"
    INNER JOIN (
      SELECT
        "t2"."student_key",
        "t2"."race_ethnicity",
        "t2"."gender",
        "t2"."english_learner",
        "t2"."socioeconomically_disadvantaged",
        "t2"."disability",
        "t2"."foster",
        "t2"."homeless"
      FROM "students" AS "t2"
    ) AS "t8"
      ON "t10"."student_key" = "t8"."student_key"
    LEFT OUTER JOIN (
      SELECT
        "t3"."school_id",
        "t3"."district_id"
      FROM "schools" AS "t3"
    ) AS "t9"
      ON "t10"."school_id" = "t9"."school_id"
  ) AS "t12"
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
), "t37" AS (
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
          "t15"."academic_year",
          "t15"."district_id",
          "t15"."school_id",
          "t15"."group_type",
          "t15"."group",
          SUM("t15"."students") AS "students",
          SUM("t15"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'all' AS "group_type",
            'all' AS "group"
          FROM "t13" AS "t14"
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t23"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t16"."academic_year",
          "t16"."district_id",
          "t16"."school_id",
          "t16"."group_type",
          "t16"."group",
          SUM("t16"."students") AS "students",
          SUM("t16"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'race_ethnicity' AS "group_type",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "group"
          FROM "t13" AS "t14"
        ) AS "t16"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t24"
    ) AS "t31"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t17"."academic_year",
          "t17"."district_id",
          "t17"."school_id",
          "t17"."group_type",
          "t17"."group",
          SUM("t17"."students") AS "students",
          SUM("t17"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'gender' AS "group_type",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "group"
          FROM "t13" AS "t14"
        ) AS "t17"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t25"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t18"."academic_year",
          "t18"."district_id",
          "t18"."school_id",
          "t18"."group_type",
          "t18"."group",
          SUM("t18"."students") AS "students",
          SUM("t18"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'english_learner' AS "group_type",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t13" AS "t14"
        ) AS "t18"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t26"
    ) AS "t32"
  ) AS "t35"
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
          "t19"."academic_year",
          "t19"."district_id",
          "t19"."school_id",
          "t19"."group_type",
          "t19"."group",
          SUM("t19"."students") AS "students",
          SUM("t19"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'socioeconomically_disadvantaged' AS "group_type",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t13" AS "t14"
        ) AS "t19"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t27"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t20"."academic_year",
          "t20"."district_id",
          "t20"."school_id",
          "t20"."group_type",
          "t20"."group",
          SUM("t20"."students") AS "students",
          SUM("t20"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'disability' AS "group_type",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t13" AS "t14"
        ) AS "t20"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t28"
    ) AS "t33"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t21"."academic_year",
          "t21"."district_id",
          "t21"."school_id",
          "t21"."group_type",
          "t21"."group",
          SUM("t21"."students") AS "students",
          SUM("t21"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'foster' AS "group_type",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t13" AS "t14"
        ) AS "t21"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t29"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t22"."academic_year",
          "t22"."district_id",
          "t22"."school_id",
          "t22"."group_type",
          "t22"."group",
          SUM("t22"."students") AS "students",
          SUM("t22"."participants") AS "participants"
        FROM (
          SELECT
            "t14"."academic_year",
            "t14"."district_id",
            "t14"."school_id",
            "t14"."race_ethnicity",
            "t14"."gender",
            "t14"."english_learner",
            "t14"."socioeconomically_disadvantaged",
            "t14"."disability",
            "t14"."foster",
            "t14"."homeless",
            "t14"."students",
            "t14"."participants",
            CASE
              WHEN (
                "t14"."race_ethnicity" IS NULL
              ) OR (
                "t14"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t14"."gender" IS NULL
              ) OR (
                "t14"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t14"."gender"
            END AS "g_gender",
            CASE WHEN "t14"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t14"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t14"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t14"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'homeless' AS "group_type",
            CASE WHEN "t14"."homeless" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t13" AS "t14"
        ) AS "t22"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t30"
    ) AS "t34"
  ) AS "t36"
)
SELECT
  "t45"."academic_year",
  "t45"."district_id",
  "t45"."school_id",
  "t45"."group_type",
  "t45"."group",
  "t45"."students",
  "t45"."participants",
  CASE
    WHEN "t45"."students" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t45"."participants" AS DOUBLE) / "t45"."students"
  END AS "rate"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t40"."academic_year",
      CAST(NULL AS BIGINT) AS "district_id",
      CAST(NULL AS BIGINT) AS "school_id",
      "t40"."group_type",
      "t40"."group",
      "t40"."students",
      "t40"."participants"
    FROM (
      SELECT
        "t38"."academic_year",
        "t38"."group_type",
        "t38"."group",
        SUM("t38"."students") AS "students",
        SUM("t38"."participants") AS "participants"
      FROM "t37" AS "t38"
      GROUP BY
        1,
        2,
        3
    ) AS "t40"
  ) AS "t42"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM "t37" AS "t38"
    ) AS "t39"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t41"."academic_year",
        "t41"."district_id",
        CAST(NULL AS BIGINT) AS "school_id",
        "t41"."group_type",
        "t41"."group",
        "t41"."students",
        "t41"."participants"
      FROM (
        SELECT
          "t38"."academic_year",
          "t38"."district_id",
          "t38"."group_type",
          "t38"."group",
          SUM("t38"."students") AS "students",
          SUM("t38"."participants") AS "participants"
        FROM "t37" AS "t38"
        GROUP BY
          1,
          2,
          3,
          4
      ) AS "t41"
    ) AS "t43"
  ) AS "t44"
) AS "t45"
