WITH "t10" AS (
  SELECT
    "t9"."academic_year",
    "t9"."district_id",
    COUNT("t9"."school_id") AS "schools",
    COALESCE(SUM("t9"."college_credit"), 0) AS "schools_college_credit",
    COALESCE(SUM("t9"."cte_pathway"), 0) AS "schools_cte_pathway",
    COALESCE(SUM("t9"."industry_certification"), 0) AS "schools_industry_certification",
    COALESCE(SUM("t9"."work_based_learning"), 0) AS "schools_work_based_learning",
    COALESCE(SUM("t9"."aa_degree"), 0) AS "schools_aa_degree",
    COALESCE(SUM("t9"."at_least_one"), 0) AS "schools_any"
  FROM (
    SELECT
      "t5"."year" AS "academic_year",
      "t6"."district_id",
      "t6"."school_id",
      "t6"."name" AS "school_name",
      COALESCE("t8"."college_credit", 0) AS "college_credit",
      COALESCE("t8"."cte_pathway", 0) AS "cte_pathway",
      COALESCE("t8"."industry_certification", 0) AS "industry_certification",
      COALESCE("t8"."work_based_learning", 0) AS "work_based_learning",
      COALESCE("t8"."aa_degree", 0) AS "aa_degree",
      CAST(0 AS BIGINT) + COALESCE("t8"."college_credit", 0) + COALESCE("t8"."cte_pathway", 0) + COALESCE("t8"."industry_certification", 0) + COALESCE("t8"."work_based_learning", 0) + COALESCE("t8"."aa_degree", 0) AS "types_offered",
      CAST(CASE
        WHEN (
          CAST(0 AS BIGINT) + COALESCE("t8"."college_credit", 0) + COALESCE("t8"."cte_pathway", 0) + COALESCE("t8"."industry_certification", 0) + COALESCE("t8"."work_based_learning", 0) + COALESCE("t8"."aa_degree", 0)
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
    ) AS "t6"
    CROSS JOIN (
      SELECT DISTINCT
        "t1"."academic_year" AS "year"
      FROM "opportunities" AS "t1"
    ) AS "t5"
    LEFT OUTER JOIN (
      SELECT
        "t3"."school_id" AS "o_school",
        "t3"."academic_year" AS "o_year",
        MAX(CAST(CASE WHEN "t3"."type" = 'college_credit' THEN 1 ELSE 0 END AS BIGINT)) AS "college_credit",
        MAX(CAST(CASE WHEN "t3"."type" = 'cte_pathway' THEN 1 ELSE 0 END AS BIGINT)) AS "cte_pathway",
        MAX(
          CAST(CASE WHEN "t3"."type" = 'industry_certification' THEN 1 ELSE 0 END AS BIGINT)
        ) AS "industry_certification",
        MAX(CAST(CASE WHEN "t3"."type" = 'work_based_learning' THEN 1 ELSE 0 END AS BIGINT)) AS "work_based_learning",
        MAX(CAST(CASE WHEN "t3"."type" = 'aa_degree' THEN 1 ELSE 0 END AS BIGINT)) AS "aa_degree"
      FROM (
        SELECT
          *
        FROM "opportunities" AS "t1"
        WHERE
          "t1"."active"
      ) AS "t3"
      GROUP BY
        1,
        2
    ) AS "t8"
      ON "t6"."school_id" = "t8"."o_school" AND "t5"."year" = "t8"."o_year"
  ) AS "t9"
  GROUP BY
    1,
    2
)
SELECT
  "t15"."academic_year",
  "t15"."district_id",
  "t15"."schools",
  "t15"."schools_college_credit",
  "t15"."schools_cte_pathway",
  "t15"."schools_industry_certification",
  "t15"."schools_work_based_learning",
  "t15"."schools_aa_degree",
  "t15"."schools_any",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_college_credit" AS DOUBLE) / "t15"."schools"
  END AS "rate_college_credit",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_cte_pathway" AS DOUBLE) / "t15"."schools"
  END AS "rate_cte_pathway",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_industry_certification" AS DOUBLE) / "t15"."schools"
  END AS "rate_industry_certification",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_work_based_learning" AS DOUBLE) / "t15"."schools"
  END AS "rate_work_based_learning",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_aa_degree" AS DOUBLE) / "t15"."schools"
  END AS "rate_aa_degree",
  CASE
    WHEN "t15"."schools" = 0
    THEN CAST(NULL AS DOUBLE)
    ELSE CAST("t15"."schools_any" AS DOUBLE) / "t15"."schools"
  END AS "rate_any"
FROM (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM "t10" AS "t11"
  ) AS "t12"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t13"."academic_year",
      CAST(NULL AS BIGINT) AS "district_id",
      "t13"."schools",
      "t13"."schools_college_credit",
      "t13"."schools_cte_pathway",
      "t13"."schools_industry_certification",
      "t13"."schools_work_based_learning",
      "t13"."schools_aa_degree",
      "t13"."schools_any"
    FROM (
      SELECT
        "t11"."academic_year",
        SUM("t11"."schools") AS "schools",
        SUM("t11"."schools_college_credit") AS "schools_college_credit",
        SUM("t11"."schools_cte_pathway") AS "schools_cte_pathway",
        SUM("t11"."schools_industry_certification") AS "schools_industry_certification",
        SUM("t11"."schools_work_based_learning") AS "schools_work_based_learning",
        SUM("t11"."schools_aa_degree") AS "schools_aa_degree",
        SUM("t11"."schools_any") AS "schools_any"
      FROM "t10" AS "t11"
      GROUP BY
        1
    ) AS "t13"
  ) AS "t14"
) AS "t15"
