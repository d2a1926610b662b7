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
