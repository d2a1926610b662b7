WITH "t7" AS (
  SELECT
    "t6"."cohort",
    "t6"."district_id",
    "t6"."school_id",
    "t6"."race_ethnicity",
    "t6"."gender",
    "t6"."english_learner",
    "t6"."socioeconomically_disadvantaged",
    "t6"."disability",
    "t6"."foster",
    "t6"."homeless",
    COUNT(*) AS "students",
    COALESCE(SUM(CAST(CASE WHEN "t6"."graduated" THEN 1 ELSE 0 END AS BIGINT)), 0) AS "graduates",
    COALESCE(
      SUM(CAST(CASE WHEN "t6"."graduated" AND "t6"."met" THEN 1 ELSE 0 END AS BIGINT)),
      0
    ) AS "graduates_12",
    COALESCE(
      SUM(
        CAST(CASE
          WHEN (
            "t6"."status" = 'enrolled'
          ) AND (
            "t6"."cohort" > 2025
          )
          THEN 1
          ELSE 0
        END AS BIGINT)
      ),
      0
    ) AS "enrolled",
    COALESCE(
      SUM(
        CAST(CASE
          WHEN (
            "t6"."status" = 'enrolled'
          ) AND (
            "t6"."cohort" > 2025
          ) AND "t6"."met"
          THEN 1
          ELSE 0
        END AS BIGINT)
      ),
      0
    ) AS "enrolled_met",
    COALESCE(
      SUM(
        CAST(CASE
          WHEN (
            "t6"."status" = 'enrolled'
          )
          AND (
            "t6"."cohort" > 2025
          )
          AND "t6"."on_track"
          THEN 1
          ELSE 0
        END AS BIGINT)
      ),
      0
    ) AS "enrolled_on_track"
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
      COALESCE("t5"."units_earned", 0.0) AS "units_earned",
      COALESCE("t5"."units_in_progress", 0.0) AS "units_in_progress",
      CASE
        WHEN (
          (
            (
              "t2"."cohort" - 1
            ) - 2025
          ) * 2
        ) IS NULL
        THEN (
          (
            "t2"."cohort" - 1
          ) - 2025
        ) * 2
        ELSE GREATEST(0, (
          (
            "t2"."cohort" - 1
          ) - 2025
        ) * 2)
      END + 1 AS "terms_left",
      COALESCE("t5"."units_earned", 0.0) >= 12.0 AS "met",
      (
        COALESCE("t5"."units_earned", 0.0) < 12.0
      )
      AND (
        (
          COALESCE("t5"."units_earned", 0.0) + COALESCE("t5"."units_in_progress", 0.0) + (
            (
              CASE
                WHEN (
                  (
                    (
                      "t2"."cohort" - 1
                    ) - 2025
                  ) * 2
                ) IS NULL
                THEN (
                  (
                    "t2"."cohort" - 1
                  ) - 2025
                ) * 2
                ELSE GREATEST(0, (
                  (
                    "t2"."cohort" - 1
                  ) - 2025
                ) * 2)
              END + 1
            ) * 3.0
          )
        ) >= 12.0
      ) AS "on_track"
    FROM "students" AS "t2"
    LEFT OUTER JOIN (
      SELECT
        "t3"."student_key" AS "u_key",
        SUM(
          CASE
            WHEN "t3"."grade" IN ('A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'P')
            THEN "t3"."units_attempted"
            ELSE 0.0
          END
        ) AS "units_earned",
        SUM(
          CASE
            WHEN (
              "t3"."status" = 'enrolled'
            ) AND (
              "t3"."grade" = ''
            )
            THEN "t3"."units_attempted"
            ELSE 0.0
          END
        ) AS "units_in_progress"
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
      ) AS "t3"
      GROUP BY
        1
    ) AS "t5"
      ON "t2"."student_key" = "t5"."u_key"
  ) AS "t6"
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
), "t31" AS (
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
          "t9"."cohort",
          "t9"."district_id",
          "t9"."school_id",
          "t9"."group_type",
          "t9"."group",
          SUM("t9"."students") AS "students",
          SUM("t9"."graduates") AS "graduates",
          SUM("t9"."graduates_12") AS "graduates_12",
          SUM("t9"."enrolled") AS "enrolled",
          SUM("t9"."enrolled_met") AS "enrolled_met",
          SUM("t9"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'all' AS "group_type",
            'all' AS "group"
          FROM "t7" AS "t8"
        ) AS "t9"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t17"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t10"."cohort",
          "t10"."district_id",
          "t10"."school_id",
          "t10"."group_type",
          "t10"."group",
          SUM("t10"."students") AS "students",
          SUM("t10"."graduates") AS "graduates",
          SUM("t10"."graduates_12") AS "graduates_12",
          SUM("t10"."enrolled") AS "enrolled",
          SUM("t10"."enrolled_met") AS "enrolled_met",
          SUM("t10"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'race_ethnicity' AS "group_type",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "group"
          FROM "t7" AS "t8"
        ) AS "t10"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t18"
    ) AS "t25"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t11"."cohort",
          "t11"."district_id",
          "t11"."school_id",
          "t11"."group_type",
          "t11"."group",
          SUM("t11"."students") AS "students",
          SUM("t11"."graduates") AS "graduates",
          SUM("t11"."graduates_12") AS "graduates_12",
          SUM("t11"."enrolled") AS "enrolled",
          SUM("t11"."enrolled_met") AS "enrolled_met",
          SUM("t11"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'gender' AS "group_type",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "group"
          FROM "t7" AS "t8"
        ) AS "t11"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t19"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t12"."cohort",
          "t12"."district_id",
          "t12"."school_id",
          "t12"."group_type",
          "t12"."group",
          SUM("t12"."students") AS "students",
          SUM("t12"."graduates") AS "graduates",
          SUM("t12"."graduates_12") AS "graduates_12",
          SUM("t12"."enrolled") AS "enrolled",
          SUM("t12"."enrolled_met") AS "enrolled_met",
          SUM("t12"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'english_learner' AS "group_type",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t7" AS "t8"
        ) AS "t12"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t20"
    ) AS "t26"
  ) AS "t29"
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
          "t13"."cohort",
          "t13"."district_id",
          "t13"."school_id",
          "t13"."group_type",
          "t13"."group",
          SUM("t13"."students") AS "students",
          SUM("t13"."graduates") AS "graduates",
          SUM("t13"."graduates_12") AS "graduates_12",
          SUM("t13"."enrolled") AS "enrolled",
          SUM("t13"."enrolled_met") AS "enrolled_met",
          SUM("t13"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'socioeconomically_disadvantaged' AS "group_type",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t7" AS "t8"
        ) AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t21"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t14"."cohort",
          "t14"."district_id",
          "t14"."school_id",
          "t14"."group_type",
          "t14"."group",
          SUM("t14"."students") AS "students",
          SUM("t14"."graduates") AS "graduates",
          SUM("t14"."graduates_12") AS "graduates_12",
          SUM("t14"."enrolled") AS "enrolled",
          SUM("t14"."enrolled_met") AS "enrolled_met",
          SUM("t14"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'disability' AS "group_type",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t7" AS "t8"
        ) AS "t14"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t22"
    ) AS "t27"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t15"."cohort",
          "t15"."district_id",
          "t15"."school_id",
          "t15"."group_type",
          "t15"."group",
          SUM("t15"."students") AS "students",
          SUM("t15"."graduates") AS "graduates",
          SUM("t15"."graduates_12") AS "graduates_12",
          SUM("t15"."enrolled") AS "enrolled",
          SUM("t15"."enrolled_met") AS "enrolled_met",
          SUM("t15"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'foster' AS "group_type",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t7" AS "t8"
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
          "t16"."cohort",
          "t16"."district_id",
          "t16"."school_id",
          "t16"."group_type",
          "t16"."group",
          SUM("t16"."students") AS "students",
          SUM("t16"."graduates") AS "graduates",
          SUM("t16"."graduates_12") AS "graduates_12",
          SUM("t16"."enrolled") AS "enrolled",
          SUM("t16"."enrolled_met") AS "enrolled_met",
          SUM("t16"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t8"."cohort",
            "t8"."district_id",
            "t8"."school_id",
            "t8"."race_ethnicity",
            "t8"."gender",
            "t8"."english_learner",
            "t8"."socioeconomically_disadvantaged",
            "t8"."disability",
            "t8"."foster",
            "t8"."homeless",
            "t8"."students",
            "t8"."graduates",
            "t8"."graduates_12",
            "t8"."enrolled",
            "t8"."enrolled_met",
            "t8"."enrolled_on_track",
            CASE
              WHEN (
                "t8"."race_ethnicity" IS NULL
              ) OR (
                "t8"."race_ethnicity" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."race_ethnicity"
            END AS "g_race_ethnicity",
            CASE
              WHEN (
                "t8"."gender" IS NULL
              ) OR (
                "t8"."gender" = ''
              )
              THEN 'not_reported'
              ELSE "t8"."gender"
            END AS "g_gender",
            CASE WHEN "t8"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
            CASE WHEN "t8"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
            CASE WHEN "t8"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
            CASE WHEN "t8"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless",
            'homeless' AS "group_type",
            CASE WHEN "t8"."homeless" THEN 'yes' ELSE 'no' END AS "group"
          FROM "t7" AS "t8"
        ) AS "t16"
        GROUP BY
          1,
          2,
          3,
          4,
          5
      ) AS "t24"
    ) AS "t28"
  ) AS "t30"
)
SELECT
  "t39"."cohort",
  "t39"."district_id",
  "t39"."school_id",
  "t39"."group_type",
  "t39"."group",
  "t39"."students",
  "t39"."graduates",
  "t39"."graduates_12",
  "t39"."enrolled",
  "t39"."enrolled_met",
  "t39"."enrolled_on_track",
  CASE
    WHEN "t39"."graduates" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t39"."graduates_12" AS DOUBLE) / "t39"."graduates"
  END AS "rate_graduates_12",
  CASE
    WHEN "t39"."enrolled" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t39"."enrolled_met" + "t39"."enrolled_on_track" AS DOUBLE) / "t39"."enrolled"
  END AS "rate_met_or_on_track"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t34"."cohort",
      CAST(NULL AS BIGINT) AS "district_id",
      CAST(NULL AS BIGINT) AS "school_id",
      "t34"."group_type",
      "t34"."group",
      "t34"."students",
      "t34"."graduates",
      "t34"."graduates_12",
      "t34"."enrolled",
      "t34"."enrolled_met",
      "t34"."enrolled_on_track"
    FROM (
      SELECT
        "t32"."cohort",
        "t32"."group_type",
        "t32"."group",
        SUM("t32"."students") AS "students",
        SUM("t32"."graduates") AS "graduates",
        SUM("t32"."graduates_12") AS "graduates_12",
        SUM("t32"."enrolled") AS "enrolled",
        SUM("t32"."enrolled_met") AS "enrolled_met",
        SUM("t32"."enrolled_on_track") AS "enrolled_on_track"
      FROM "t31" AS "t32"
      GROUP BY
        1,
        2,
        3
    ) AS "t34"
  ) AS "t36"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM "t31" AS "t32"
    ) AS "t33"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t35"."cohort",
        "t35"."district_id",
        CAST(NULL AS BIGINT) AS "school_id",
        "t35"."group_type",
        "t35"."group",
        "t35"."students",
        "t35"."graduates",
        "t35"."graduates_12",
        "t35"."enrolled",
        "t35"."enrolled_met",
        "t35"."enrolled_on_track"
      FROM (
        SELECT
          "t32"."cohort",
          "t32"."district_id",
          "t32"."group_type",
          "t32"."group",
          SUM("t32"."students") AS "students",
          SUM("t32"."graduates") AS "graduates",
          SUM("t32"."graduates_12") AS "graduates_12",
          SUM("t32"."enrolled") AS "enrolled",
          SUM("t32"."enrolled_met") AS "enrolled_met",
          SUM("t32"."enrolled_on_track") AS "enrolled_on_track"
        FROM "t31" AS "t32"
        GROUP BY
          1,
          2,
          3,
          4
      ) AS "t35"
    ) AS "t37"
  ) AS "t38"
) AS "t39"
