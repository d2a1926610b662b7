WITH "t16" AS (
  SELECT
    "t15"."academic_year",
    "t15"."term_code",
    "t15"."district_id",
    "t15"."school_id",
    "t15"."race_ethnicity",
    "t15"."gender",
    "t15"."english_learner",
    "t15"."socioeconomically_disadvantaged",
    "t15"."disability",
    "t15"."foster",
    "t15"."homeless",
    COUNT(*) AS "enrollments",
    COALESCE(SUM(CAST(CASE WHEN "t15"."ok" THEN 1 ELSE 0 END AS BIGINT)), 0) AS "successes",
    COALESCE(SUM(CAST(CASE WHEN "t15"."wd" THEN 1 ELSE 0 END AS BIGINT)), 0) AS "withdrawals"
  FROM (
    SELECT
      "t14"."student_key",
      "t14"."academic_year",
      "t14"."term_code",
      "t14"."term_kind",
      "t14"."subject",
      "t14"."units_attempted",
      "t14"."grade",
      "t14"."status",
      "t14"."ok",
      "t14"."wd",
      "t14"."school_id",
      "t14"."race_ethnicity",
      "t14"."gender",
      "t14"."english_learner",
      "t14"."socioeconomically_disadvantaged",
      "t14"."disability",
      "t14"."foster",
      "t14"."homeless",
      "t14"."y_key",
      "t14"."y_year",
      "t14"."y_school",
      "t7"."school_id" AS "school_id_right",
      "t7"."district_id"
    FROM (
      SELECT
        "t12"."student_key",
        "t12"."academic_year",
        "t12"."term_code",
        "t12"."term_kind",
        "t12"."subject",
        "t12"."units_attempted",
        "t12"."grade",
        "t12"."status",
        "t12"."ok",
        "t12"."wd",
        COALESCE("t12"."y_school", "t12"."school_id") AS "school_id",
        "t12"."race_ethnicity",
        "t12"."gender",
        "t12"."english_learner",
        "t12"."socioeconomically_disadvantaged",
        "t12"."disability",
        "t12"."foster",
        "t12"."homeless",
        "t12"."y_key",
        "t12"."y_year",
        "t12"."y_school"
      FROM (
        SELECT
          "t11"."student_key",
          "t11"."academic_year",
          "t11"."term_code",
          "t11"."term_kind",
          "t11"."subject",
          "t11"."units_attempted",
          "t11"."grade",
          "t11"."status",
          "t11"."ok",
          "t11"."wd",
          "t8"."school_id",
          "t8"."race_ethnicity",
          "t8"."gender",
          "t8"."english_learner",
          "t8"."socioeconomically_disadvantaged",
          "t8"."disability",
          "t8"."foster",
          "t8"."homeless",
          "t9"."y_key",
          "t9"."y_year",
          "t9"."y_school"
        FROM (
          SELECT
            "t1"."student_key",
            "t1"."academic_year",
            "t1"."term_code",
            "t1"."term_kind",
            "t1"."subject",
            "t1"."units_attempted",
            "t1"."grade",
            "t1"."status",
            "t1"."grade" IN ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'P') AS "ok",
            (
              "t1"."grade" = 'W'
            ) OR (
              "t1"."status" = 'withdrawn'
            ) AS "wd"
          FROM "enrollments" AS "t1"
          WHERE
            "t1"."provider" = 'college'
            AND "t1"."credit_type" IN ('college', 'dual')
            AND "t1"."status" <> 'dropped'
            AND (
              (
                "t1"."grade" <> ''
              )
              OR (
                (
                  "t1"."grade" = 'W'
                ) OR (
                  "t1"."status" = 'withdrawn'
                )
              )
            )
        ) AS "t11"
        INNER JOIN (
          SELECT
            "t2"."student_key",
            "t2"."school_id",
            "t2"."race_ethnicity",
            "t2"."gender",
            "t2"."english_learner",
            "t2"."socioeconomically_disadvantaged",
            "t2"."disability",
            "t2"."foster",
            "t2"."homeless"
          FROM "students" AS "t2"
        ) AS "t8"
          ON "t11"."student_key" = "t8"."student_key"
        LEFT OUTER JOIN (
          SELECT
            "t3"."student_key" AS "y_key",
            "t3"."academic_year" AS "y_year",
            "t3"."school_id" AS "y_school"
          FROM "student_years" AS "t3"
        ) AS "t9"
          ON "t11"."student_key" = "t9"."y_key" AND "t11"."academic_year" = "t9"."y_year"
      ) AS "t12"
    ) AS "t14"
    LEFT OUTER JOIN (
      SELECT
        "t0"."school_id",
        "t0"."district_id"
      FROM "schools" AS "t0"
    ) AS "t7"
      ON "t14"."school_id" = "t7"."school_id"
  ) AS "t15"
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
    10,
    11
), "t40" AS (
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
          "t18"."academic_year",
          "t18"."term_code",
          "t18"."district_id",
          "t18"."school_id",
          "t18"."group_type",
          "t18"."group",
          SUM("t18"."enrollments") AS "enrollments",
          SUM("t18"."successes") AS "successes",
          SUM("t18"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'all' AS "group_type",
            'all' AS "group"
          FROM "t16" AS "t17"
        ) AS "t18"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t26"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t19"."academic_year",
          "t19"."term_code",
          "t19"."district_id",
          "t19"."school_id",
          "t19"."group_type",
          "t19"."group",
          SUM("t19"."enrollments") AS "enrollments",
          SUM("t19"."successes") AS "successes",
          SUM("t19"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'race_ethnicity' AS "group_type",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "group"
          FROM "t16" AS "t17"
        ) AS "t19"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t27"
    ) AS "t34"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t20"."academic_year",
          "t20"."term_code",
          "t20"."district_id",
          "t20"."school_id",
          "t20"."group_type",
          "t20"."group",
          SUM("t20"."enrollments") AS "enrollments",
          SUM("t20"."successes") AS "successes",
          SUM("t20"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'gender' AS "group_type",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "group"
          FROM "t16" AS "t17"
        ) AS "t20"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t28"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t21"."academic_year",
          "t21"."term_code",
          "t21"."district_id",
          "t21"."school_id",
          "t21"."group_type",
          "t21"."group",
          SUM("t21"."enrollments") AS "enrollments",
          SUM("t21"."successes") AS "successes",
          SUM("t21"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'english_learner' AS "group_type",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t16" AS "t17"
        ) AS "t21"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t29"
    ) AS "t35"
  ) AS "t38"
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
          "t22"."academic_year",
          "t22"."term_code",
          "t22"."district_id",
          "t22"."school_id",
          "t22"."group_type",
          "t22"."group",
          SUM("t22"."enrollments") AS "enrollments",
          SUM("t22"."successes") AS "successes",
          SUM("t22"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'socioeconomically_disadvantaged' AS "group_type",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t16" AS "t17"
        ) AS "t22"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t30"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t23"."academic_year",
          "t23"."term_code",
          "t23"."district_id",
          "t23"."school_id",
          "t23"."group_type",
          "t23"."group",
          SUM("t23"."enrollments") AS "enrollments",
          SUM("t23"."successes") AS "successes",
          SUM("t23"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'disability' AS "group_type",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t16" AS "t17"
        ) AS "t23"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t31"
    ) AS "t36"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t24"."academic_year",
          "t24"."term_code",
          "t24"."district_id",
          "t24"."school_id",
          "t24"."group_type",
          "t24"."group",
          SUM("t24"."enrollments") AS "enrollments",
          SUM("t24"."successes") AS "successes",
          SUM("t24"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'foster' AS "group_type",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t16" AS "t17"
        ) AS "t24"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t32"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t25"."academic_year",
          "t25"."term_code",
          "t25"."district_id",
          "t25"."school_id",
          "t25"."group_type",
          "t25"."group",
          SUM("t25"."enrollments") AS "enrollments",
          SUM("t25"."successes") AS "successes",
          SUM("t25"."withdrawals") AS "withdrawals"
        FROM (
          SELECT
            "t17"."academic_year",
            "t17"."term_code",
            "t17"."district_id",
            "t17"."school_id",
            "t17"."race_ethnicity",
            "t17"."gender",
            "t17"."english_learner",
            "t17"."socioeconomically_disadvantaged",
            "t17"."disability",
            "t17"."foster",
            "t17"."homeless",
            "t17"."enrollments",
            "t17"."successes",
            "t17"."withdrawals",
            CASE
              WHEN (
                "t17"."race_ethnicity" IS NULL
              ) OR (
                "t17"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t17"."gender" IS NULL
              ) OR (
                "t17"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t17"."gender"
            END AS "g_gender",
            CASE WHEN "t17"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t17"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t17"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t17"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'homeless' AS "group_type",
            CASE WHEN "t17"."homeless" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t16" AS "t17"
        ) AS "t25"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t33"
    ) AS "t37"
  ) AS "t39"
)
SELECT
  "t48"."academic_year",
  "t48"."term_code",
  "t48"."district_id",
  "t48"."school_id",
  "t48"."group_type",
  "t48"."group",
  "t48"."enrollments",
  "t48"."successes",
  "t48"."withdrawals",
  CASE
    WHEN "t48"."enrollments" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t48"."successes" AS DOUBLE PRECISION) / "t48"."enrollments"
  END AS "rate",
  CASE
    WHEN "t48"."enrollments" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t48"."withdrawals" AS DOUBLE PRECISION) / "t48"."enrollments"
  END AS "withdrawal_rate"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t43"."academic_year",
      "t43"."term_code",
      CAST(NULL AS BIGINT) AS "district_id",
      CAST(NULL AS BIGINT) AS "school_id",
      "t43"."group_type",
      "t43"."group",
      "t43"."enrollments",
      "t43"."successes",
      "t43"."withdrawals"
    FROM (
      SELECT
        "t41"."academic_year",
        "t41"."term_code",
        "t41"."group_type",
        "t41"."group",
        SUM("t41"."enrollments") AS "enrollments",
        SUM("t41"."successes") AS "successes",
        SUM("t41"."withdrawals") AS "withdrawals"
      FROM "t40" AS "t41"
      GROUP BY
        1,
        2,
        3,
        4
    ) AS "t43"
  ) AS "t45"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM "t40" AS "t41"
    ) AS "t42"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t44"."academic_year",
        "t44"."term_code",
        "t44"."district_id",
        CAST(NULL AS BIGINT) AS "school_id",
        "t44"."group_type",
        "t44"."group",
        "t44"."enrollments",
        "t44"."successes",
        "t44"."withdrawals"
      FROM (
        SELECT
          "t41"."academic_year",
          "t41"."term_code",
          "t41"."district_id",
          "t41"."group_type",
          "t41"."group",
          SUM("t41"."enrollments") AS "enrollments",
          SUM("t41"."successes") AS "successes",
          SUM("t41"."withdrawals") AS "withdrawals"
        FROM "t40" AS "t41"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t44"
    ) AS "t46"
  ) AS "t47"
) AS "t48"
