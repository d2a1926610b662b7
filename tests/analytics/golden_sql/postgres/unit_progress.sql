WITH "t8" AS (
  SELECT
    "t7"."cohort",
    "t7"."district_id",
    "t7"."school_id",
    "t7"."g_race_ethnicity",
    "t7"."g_gender",
    "t7"."g_english_learner",
    "t7"."g_socioeconomically_disadvantaged",
    "t7"."g_disability",
    "t7"."g_foster",
    "t7"."g_homeless",
    COUNT(*) AS "students",
    COALESCE(SUM(CAST(CASE WHEN "t7"."graduated" THEN 1 ELSE 0 END AS BIGINT)), 0) AS "graduates",
    COALESCE(
      SUM(CAST(CASE WHEN "t7"."graduated" AND "t7"."met" THEN 1 ELSE 0 END AS BIGINT)),
      0
    ) AS "graduates_12",
    COALESCE(
      SUM(
        CAST(CASE
          WHEN (
            "t7"."status" = 'enrolled'
          ) AND (
            "t7"."cohort" > 2025
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
            "t7"."status" = 'enrolled'
          ) AND (
            "t7"."cohort" > 2025
          ) AND "t7"."met"
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
            "t7"."status" = 'enrolled'
          )
          AND (
            "t7"."cohort" > 2025
          )
          AND "t7"."on_track"
          THEN 1
          ELSE 0
        END AS BIGINT)
      ),
      0
    ) AS "enrolled_on_track"
  FROM (
    SELECT
      "t6"."student_key",
      "t6"."school_id",
      "t6"."district_id",
      "t6"."grade",
      "t6"."cohort",
      "t6"."status",
      "t6"."graduated",
      "t6"."birth_year",
      "t6"."gender",
      "t6"."race_ethnicity",
      "t6"."english_learner",
      "t6"."socioeconomically_disadvantaged",
      "t6"."disability",
      "t6"."foster",
      "t6"."homeless",
      "t6"."residence_city_id",
      "t6"."units_earned",
      "t6"."units_in_progress",
      "t6"."terms_left",
      "t6"."met",
      "t6"."on_track",
      CASE
        WHEN (
          "t6"."race_ethnicity" IS NULL
        ) OR (
          "t6"."race_ethnicity" = ''
        )
        THEN 'not_reported'
        ELSE "t6"."race_ethnicity"
      END AS "g_race_ethnicity",
      CASE
        WHEN (
          "t6"."gender" IS NULL
        ) OR (
          "t6"."gender" = ''
        )
        THEN 'not_reported'
        ELSE "t6"."gender"
      END AS "g_gender",
      CASE WHEN "t6"."english_learner" THEN 'yes' ELSE 'no' END AS "g_english_learner",
      CASE WHEN "t6"."socioeconomically_disadvantaged" THEN 'yes' ELSE 'no' END AS "g_socioeconomically_disadvantaged",
      CASE WHEN "t6"."disability" THEN 'yes' ELSE 'no' END AS "g_disability",
      CASE WHEN "t6"."foster" THEN 'yes' ELSE 'no' END AS "g_foster",
      CASE WHEN "t6"."homeless" THEN 'yes' ELSE 'no' END AS "g_homeless"
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
          SUM("t10"."students") AS "students",
          SUM("t10"."graduates") AS "graduates",
          SUM("t10"."graduates_12") AS "graduates_12",
          SUM("t10"."enrolled") AS "enrolled",
          SUM("t10"."enrolled_met") AS "enrolled_met",
          SUM("t10"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
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
          SUM("t11"."students") AS "students",
          SUM("t11"."graduates") AS "graduates",
          SUM("t11"."graduates_12") AS "graduates_12",
          SUM("t11"."enrolled") AS "enrolled",
          SUM("t11"."enrolled_met") AS "enrolled_met",
          SUM("t11"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'race_ethnicity' AS "group_type",
            "t9"."g_race_ethnicity" AS "group"
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
          SUM("t12"."students") AS "students",
          SUM("t12"."graduates") AS "graduates",
          SUM("t12"."graduates_12") AS "graduates_12",
          SUM("t12"."enrolled") AS "enrolled",
          SUM("t12"."enrolled_met") AS "enrolled_met",
          SUM("t12"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'gender' AS "group_type",
            "t9"."g_gender" AS "group"
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
          SUM("t13"."students") AS "students",
          SUM("t13"."graduates") AS "graduates",
          SUM("t13"."graduates_12") AS "graduates_12",
          SUM("t13"."enrolled") AS "enrolled",
          SUM("t13"."enrolled_met") AS "enrolled_met",
          SUM("t13"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'english_learner' AS "group_type",
            "t9"."g_english_learner" AS "group"
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
          SUM("t14"."students") AS "students",
          SUM("t14"."graduates") AS "graduates",
          SUM("t14"."graduates_12") AS "graduates_12",
          SUM("t14"."enrolled") AS "enrolled",
          SUM("t14"."enrolled_met") AS "enrolled_met",
          SUM("t14"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'socioeconomically_disadvantaged' AS "group_type",
            "t9"."g_socioeconomically_disadvantaged" AS "group"
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
          SUM("t15"."students") AS "students",
          SUM("t15"."graduates") AS "graduates",
          SUM("t15"."graduates_12") AS "graduates_12",
          SUM("t15"."enrolled") AS "enrolled",
          SUM("t15"."enrolled_met") AS "enrolled_met",
          SUM("t15"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'disability' AS "group_type",
            "t9"."g_disability" AS "group"
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
          SUM("t16"."students") AS "students",
          SUM("t16"."graduates") AS "graduates",
          SUM("t16"."graduates_12") AS "graduates_12",
          SUM("t16"."enrolled") AS "enrolled",
          SUM("t16"."enrolled_met") AS "enrolled_met",
          SUM("t16"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'foster' AS "group_type",
            "t9"."g_foster" AS "group"
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
          SUM("t17"."students") AS "students",
          SUM("t17"."graduates") AS "graduates",
          SUM("t17"."graduates_12") AS "graduates_12",
          SUM("t17"."enrolled") AS "enrolled",
          SUM("t17"."enrolled_met") AS "enrolled_met",
          SUM("t17"."enrolled_on_track") AS "enrolled_on_track"
        FROM (
          SELECT
            "t9"."cohort",
            "t9"."district_id",
            "t9"."school_id",
            "t9"."g_race_ethnicity",
            "t9"."g_gender",
            "t9"."g_english_learner",
            "t9"."g_socioeconomically_disadvantaged",
            "t9"."g_disability",
            "t9"."g_foster",
            "t9"."g_homeless",
            "t9"."students",
            "t9"."graduates",
            "t9"."graduates_12",
            "t9"."enrolled",
            "t9"."enrolled_met",
            "t9"."enrolled_on_track",
            'homeless' AS "group_type",
            "t9"."g_homeless" AS "group"
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
  "t40"."students",
  "t40"."graduates",
  "t40"."graduates_12",
  "t40"."enrolled",
  "t40"."enrolled_met",
  "t40"."enrolled_on_track",
  CASE
    WHEN "t40"."graduates" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t40"."graduates_12" AS DOUBLE PRECISION) / "t40"."graduates"
  END AS "rate_graduates_12",
  CASE
    WHEN "t40"."enrolled" = 0
    THEN CAST(NULL AS DOUBLE PRECISION)
    ELSE CAST("t40"."enrolled_met" + "t40"."enrolled_on_track" AS DOUBLE PRECISION) / "t40"."enrolled"
  END AS "rate_met_or_on_track"
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
      "t35"."students",
      "t35"."graduates",
      "t35"."graduates_12",
      "t35"."enrolled",
      "t35"."enrolled_met",
      "t35"."enrolled_on_track"
    FROM (
      SELECT
        "t33"."cohort",
        "t33"."group_type",
        "t33"."group",
        SUM("t33"."students") AS "students",
        SUM("t33"."graduates") AS "graduates",
        SUM("t33"."graduates_12") AS "graduates_12",
        SUM("t33"."enrolled") AS "enrolled",
        SUM("t33"."enrolled_met") AS "enrolled_met",
        SUM("t33"."enrolled_on_track") AS "enrolled_on_track"
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
        "t36"."students",
        "t36"."graduates",
        "t36"."graduates_12",
        "t36"."enrolled",
        "t36"."enrolled_met",
        "t36"."enrolled_on_track"
      FROM (
        SELECT
          "t33"."cohort",
          "t33"."district_id",
          "t33"."group_type",
          "t33"."group",
          SUM("t33"."students") AS "students",
          SUM("t33"."graduates") AS "graduates",
          SUM("t33"."graduates_12") AS "graduates_12",
          SUM("t33"."enrolled") AS "enrolled",
          SUM("t33"."enrolled_met") AS "enrolled_met",
          SUM("t33"."enrolled_on_track") AS "enrolled_on_track"
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
