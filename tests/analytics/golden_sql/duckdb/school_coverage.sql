WITH "t13" AS (
  SELECT
    "t12"."academic_year",
    "t12"."district_id",
    COUNT("t12"."school_id") AS "schools",
    COALESCE(SUM("t12"."college_credit"), 0) AS "schools_college_credit",
    COALESCE(SUM("t12"."cte_pathway"), 0) AS "schools_cte_pathway",
    COALESCE(SUM("t12"."industry_certification"), 0) AS "schools_industry_certification",
    COALESCE(SUM("t12"."work_based_learning"), 0) AS "schools_work_based_learning",
    COALESCE(SUM("t12"."aa_degree"), 0) AS "schools_aa_degree",
    COALESCE(SUM("t12"."at_least_one"), 0) AS "schools_any"
  FROM (
    SELECT
      "t9"."year" AS "academic_year",
      "t8"."district_id",
      "t8"."school_id",
      "t8"."name" AS "school_name",
      COALESCE("t11"."college_credit", 0) AS "college_credit",
      COALESCE("t11"."cte_pathway", 0) AS "cte_pathway",
      COALESCE("t11"."industry_certification", 0) AS "industry_certification",
      COALESCE("t11"."work_based_learning", 0) AS "work_based_learning",
      COALESCE("t11"."aa_degree", 0) AS "aa_degree",
      CAST(0 AS BIGINT) + COALESCE("t11"."college_credit", 0) + COALESCE("t11"."cte_pathway", 0) + COALESCE("t11"."industry_certification", 0) + COALESCE("t11"."work_based_learning", 0) + COALESCE("t11"."aa_degree", 0) AS "types_offered",
      CAST(CASE
        WHEN (
          CAST(0 AS BIGINT) + COALESCE("t11"."college_credit", 0) + COALESCE("t11"."cte_pathway", 0) + COALESCE("t11"."industry_certification", 0) + COALESCE("t11"."work_based_learning", 0) + COALESCE("t11"."aa_degree", 0)
        ) > 0
        THEN 1
        ELSE 0
      END AS BIGINT) AS "at_least_one"
    FROM (
      SELECT
        *
      FROM "schools" AS "t0"
      WHERE
        "t0"."status" = 'active' AND "t0"."serves_9_12"
    ) AS "t8"
    CROSS JOIN (
      SELECT
        *
      FROM (
        SELECT
          "t1"."academic_year" AS "year"
        FROM "opportunities" AS "t1"
      ) AS "t3"
      UNION
      SELECT
        *
      FROM (
        SELECT
          "t2"."academic_year" AS "year"
        FROM "student_years" AS "t2"
      ) AS "t5"
    ) AS "t9"
    LEFT OUTER JOIN (
      SELECT
        "t4"."school_id" AS "o_school",
        "t4"."academic_year" AS "o_year",
        MAX(CAST(CASE WHEN "t4"."type" = 'college_credit' THEN 1 ELSE 0 END AS BIGINT)) AS "college_credit",
        MAX(CAST(CASE WHEN "t4"."type" = 'cte_pathway' THEN 1 ELSE 0 END AS BIGINT)) AS "cte_pathway",
        MAX(
          CAST(CASE WHEN "t4"."type" = 'industry_certification' THEN 1 ELSE 0 END AS BIGINT)
        ) AS "industry_certification",
        MAX(CAST(CASE WHEN "t4"."type" = 'work_based_learning' THEN 1 ELSE 0 END AS BIGINT)) AS "work_based_learning",
        MAX(CAST(CASE WHEN "t4"."type" = 'aa_degree' THEN 1 ELSE 0 END AS BIGINT)) AS "aa_degree"
      FROM (
        SELECT
          *
        FROM "opportunities" AS "t1"
        WHERE
          "t1"."active"
      ) AS "t4"
      GROUP BY
        1,
        2
    ) AS "t11"
      ON "t8"."school_id" = "t11"."o_school" AND "t9"."year" = "t11"."o_year"
  ) AS "t12"
  GROUP BY
    1,
    2
)
SELECT
  "t18"."academic_year",
  "t18"."district_id",
  "t18"."schools",
  "t18"."schools_college_credit",
  "t18"."schools_cte_pathway",
  "t18"."schools_industry_certification",
  "t18"."schools_work_based_learning",
  "t18"."schools_aa_degree",
  "t18"."schools_any",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_college_credit" AS DOUBLE) / "t18"."schools"
  END AS "rate_college_credit",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_cte_pathway" AS DOUBLE) / "t18"."schools"
  END AS "rate_cte_pathway",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_industry_certification" AS DOUBLE) / "t18"."schools"
  END AS "rate_industry_certification",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_work_based_learning" AS DOUBLE) / "t18"."schools"
  END AS "rate_work_based_learning",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_aa_degree" AS DOUBLE) / "t18"."schools"
  END AS "rate_aa_degree",
  CASE
    WHEN "t18"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t18"."schools_any" AS DOUBLE) / "t18"."schools"
  END AS "rate_any"
FROM (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM "t13" AS "t14"
  ) AS "t15"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t16"."academic_year",
      CAST(NULL AS BIGINT) AS "district_id",
      "t16"."schools",
      "t16"."schools_college_credit",
      "t16"."schools_cte_pathway",
      "t16"."schools_industry_certification",
      "t16"."schools_work_based_learning",
      "t16"."schools_aa_degree",
      "t16"."schools_any"
    FROM (
      SELECT
        "t14"."academic_year",
        SUM("t14"."schools") AS "schools",
        SUM("t14"."schools_college_credit") AS "schools_college_credit",
        SUM("t14"."schools_cte_pathway") AS "schools_cte_pathway",
        SUM("t14"."schools_industry_certification") AS "schools_industry_certification",
        SUM("t14"."schools_work_based_learning") AS "schools_work_based_learning",
        SUM("t14"."schools_aa_degree") AS "schools_aa_degree",
        SUM("t14"."schools_any") AS "schools_any"
      FROM "t13" AS "t14"
      GROUP BY
        1
    ) AS "t16"
  ) AS "t17"
) AS "t18"
