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
