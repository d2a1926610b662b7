"""College/Career Indicator (CCI) projection: which graduates are Prepared, and through what.

Pure Python (no Django): the rules follow the California Department of Education's CCI criteria
as described in docs/metrics/cci.md (which cites the sources), restricted to the measures the
platform holds data for: college credit courses, CTE pathway completion, a-g completion and the
Smarter Balanced (SBAC) grade 11 achievement levels.

Reading and validating the CSV inputs lives in `openpathways.analytics.cci_io`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Level(StrEnum):
    PREPARED = "Prepared"
    APPROACHING = "Approaching Prepared"
    NOT_PREPARED = "Not Prepared"


LEVELS: tuple[Level, ...] = (Level.PREPARED, Level.APPROACHING, Level.NOT_PREPARED)


class Measure(StrEnum):
    """Stable codes of the measures a graduate can meet (documented in docs/metrics/cci.md)."""

    # Prepared level
    COLLEGE_CREDIT = "prepared.college_credit"
    CTE_COLLEGE_CREDIT = "prepared.cte_college_credit"
    CTE_SBAC = "prepared.cte_sbac"
    AG_COLLEGE_CREDIT = "prepared.ag_college_credit"
    AG_CTE = "prepared.ag_cte"
    AG_SBAC = "prepared.ag_sbac"
    SBAC = "prepared.sbac"
    # Approaching Prepared level
    APPROACHING_COLLEGE_CREDIT = "approaching.college_credit"
    APPROACHING_CTE = "approaching.cte"
    APPROACHING_AG = "approaching.ag"
    APPROACHING_SBAC = "approaching.sbac"

    @property
    def level(self) -> Level:
        return Level.PREPARED if self.value.startswith("prepared.") else Level.APPROACHING


MEASURES: tuple[Measure, ...] = tuple(Measure)


class TermLength(StrEnum):
    SEMESTER = "semester"
    QUARTER = "quarter"
    TRIMESTER = "trimester"


class CourseKind(StrEnum):
    COLLEGE = "college"
    CTE_CAPSTONE = "cte_capstone"


class Subject(StrEnum):
    ACADEMIC = "academic"
    CTE = "cte"
    OTHER = "other"


class TermRule(StrEnum):
    """How college courses of different term lengths add up (see docs/metrics/cci.md).

    - `combined` (default): each course counts as a share of a school year (a semester 1/2, a
      quarter or trimester 1/3); Prepared needs a full year (two semesters, three quarters, three
      trimesters or a mix such as one semester and two quarters), Approaching needs half a year
      (one semester, or two quarters/trimesters).
    - `separate`: term lengths never add up; the student needs two semesters, three quarters or
      three trimesters of the same length (one semester, two quarters or two trimesters).
    """

    COMBINED = "combined"
    SEPARATE = "separate"


#: Letter grades that pass (C- or better) and Pass; every other known mark does not count.
PASSING_GRADES: frozenset[str] = frozenset({"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"})
#: Every mark the inputs may carry.
GRADES: tuple[str, ...] = (
    "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-",
    "D+", "D", "D-", "F", "P", "NP", "W",
)  # fmt: skip

#: Sixths of a school year per course, by term length (a semester is half a year, a quarter or a
#: trimester a third: three quarters make the same year as two semesters).
SIXTHS: Mapping[TermLength, int] = {
    TermLength.SEMESTER: 3,
    TermLength.QUARTER: 2,
    TermLength.TRIMESTER: 2,
}
PREPARED_SIXTHS = 6  # two semesters / three quarters / three trimesters
APPROACHING_SIXTHS = 3  # one semester (two quarters or two trimesters make 4)

#: Per term length: courses needed for (Prepared, Approaching) under the `separate` rule.
SEPARATE_COUNTS: Mapping[TermLength, tuple[int, int]] = {
    TermLength.SEMESTER: (2, 1),
    TermLength.QUARTER: (3, 2),
    TermLength.TRIMESTER: (3, 2),
}


@dataclass(frozen=True, slots=True)
class Student:
    student_id: str
    graduated: bool
    ag_complete: bool = False
    sbac_ela: int | None = None
    sbac_math: int | None = None


@dataclass(frozen=True, slots=True)
class Course:
    student_id: str
    year: str
    kind: CourseKind
    grade: str
    term_length: TermLength | None = None
    units: Decimal = Decimal(0)
    college_credit: bool = False
    subject: Subject | None = None
    pathway: str = ""

    @property
    def passed(self) -> bool:
        return self.grade in PASSING_GRADES

    @property
    def counts_for_cci(self) -> bool:
        """A college course that counts toward the college-credit measures."""
        return (
            self.kind is CourseKind.COLLEGE
            and self.college_credit
            and self.passed
            and self.subject in (Subject.ACADEMIC, Subject.CTE)
            and self.term_length is not None
        )

    @property
    def earns_de_units(self) -> bool:
        """Dual-enrollment units earned: a college-credit course passed with C- or better or P."""
        return self.kind is CourseKind.COLLEGE and self.college_credit and self.passed


@dataclass(frozen=True, slots=True)
class StudentResult:
    student_id: str
    level: Level
    measures: tuple[Measure, ...]
    de_units: Decimal

    @property
    def measure_codes(self) -> str:
        return ";".join(m.value for m in self.measures)


@dataclass(frozen=True, slots=True)
class Summary:
    cohort: int
    counts: Mapping[Level, int]
    measure_counts: Mapping[Measure, int] = field(default_factory=dict)

    @property
    def prepared(self) -> int:
        return self.counts[Level.PREPARED]

    @property
    def status(self) -> Decimal | None:
        """Percent Prepared of the cohort (exact); None when the cohort is empty."""
        if self.cohort == 0:
            return None
        return Decimal(self.prepared * 100) / Decimal(self.cohort)

    def percent(self, level: Level) -> Decimal | None:
        if self.cohort == 0:
            return None
        return Decimal(self.counts[level] * 100) / Decimal(self.cohort)


def college_credit_level(
    courses: Iterable[Course], *, term_rule: TermRule = TermRule.COMBINED
) -> Level:
    """The college-credit level reached by these courses (only those that count are used)."""
    counting = [c for c in courses if c.counts_for_cci]
    if term_rule is TermRule.COMBINED:
        sixths = sum(SIXTHS[c.term_length] for c in counting if c.term_length is not None)
        if sixths >= PREPARED_SIXTHS:
            return Level.PREPARED
        if sixths >= APPROACHING_SIXTHS:
            return Level.APPROACHING
        return Level.NOT_PREPARED
    per_length = dict.fromkeys(TermLength, 0)
    for c in counting:
        if c.term_length is not None:
            per_length[c.term_length] += 1
    if any(per_length[t] >= SEPARATE_COUNTS[t][0] for t in TermLength):
        return Level.PREPARED
    if any(per_length[t] >= SEPARATE_COUNTS[t][1] for t in TermLength):
        return Level.APPROACHING
    return Level.NOT_PREPARED


def sbac_prepared(student: Student) -> bool:
    """Level 3 "Standard Met" or higher in both ELA and mathematics."""
    ela, math = student.sbac_ela, student.sbac_math
    return ela is not None and math is not None and ela >= 3 and math >= 3


def sbac_additional(student: Student) -> bool:
    """Level 3 or higher in one subject, at least Level 2 in the other (CTE, a-g criterion)."""
    ela, math = student.sbac_ela, student.sbac_math
    if ela is None or math is None:
        return False
    return max(ela, math) >= 3 and min(ela, math) >= 2


def sbac_approaching(student: Student) -> bool:
    """At least Level 2 "Standard Nearly Met" in both ELA and mathematics."""
    ela, math = student.sbac_ela, student.sbac_math
    return ela is not None and math is not None and ela >= 2 and math >= 2


def _cte_with_college_credit(
    capstones: Sequence[Course], courses: Sequence[Course], *, term_rule: TermRule
) -> bool:
    """A completed pathway plus one semester (two quarters/trimesters) of college credit.

    A college course taken in the same year as the capstone counts only when it belongs to a
    different CTE pathway (academic courses carry no pathway, so they always count).
    """
    for capstone in capstones:
        eligible = [c for c in courses if c.year != capstone.year or c.pathway != capstone.pathway]
        level = college_credit_level(eligible, term_rule=term_rule)
        if level in (Level.PREPARED, Level.APPROACHING):
            return True
    return False


def de_units(courses: Iterable[Course]) -> Decimal:
    """College units earned in college-credit courses with C- or better or Pass."""
    return sum((c.units for c in courses if c.earns_de_units), Decimal(0))


def measures_met(
    student: Student,
    courses: Sequence[Course],
    *,
    term_rule: TermRule = TermRule.COMBINED,
) -> tuple[Measure, ...]:
    """Every measure the student meets, as if a graduate (Prepared measures first)."""
    college = [c for c in courses if c.kind is CourseKind.COLLEGE]
    capstones = [c for c in courses if c.kind is CourseKind.CTE_CAPSTONE and c.passed]
    cc_level = college_credit_level(college, term_rule=term_rule)
    one_semester = cc_level in (Level.PREPARED, Level.APPROACHING)
    cte_complete = bool(capstones)
    met: list[Measure] = []
    if cc_level is Level.PREPARED:
        met.append(Measure.COLLEGE_CREDIT)
    if cte_complete and _cte_with_college_credit(capstones, college, term_rule=term_rule):
        met.append(Measure.CTE_COLLEGE_CREDIT)
    if cte_complete and sbac_additional(student):
        met.append(Measure.CTE_SBAC)
    if student.ag_complete and one_semester:
        met.append(Measure.AG_COLLEGE_CREDIT)
    if student.ag_complete and cte_complete:
        met.append(Measure.AG_CTE)
    if student.ag_complete and sbac_additional(student):
        met.append(Measure.AG_SBAC)
    if sbac_prepared(student):
        met.append(Measure.SBAC)
    if one_semester:
        met.append(Measure.APPROACHING_COLLEGE_CREDIT)
    if cte_complete:
        met.append(Measure.APPROACHING_CTE)
    if student.ag_complete:
        met.append(Measure.APPROACHING_AG)
    if sbac_approaching(student):
        met.append(Measure.APPROACHING_SBAC)
    return tuple(met)


def student_result(
    student: Student,
    courses: Sequence[Course],
    *,
    term_rule: TermRule = TermRule.COMBINED,
) -> StudentResult:
    """The student's CCI level, the measures met and the dual-enrollment units earned.

    Only graduates can be Prepared or Approaching Prepared: a non-graduate is Not Prepared and
    meets no measure (the units earned are still reported). A student is counted once at the
    highest level reached, however many measures were met; `measures` lists the measures met at
    that level (every Prepared measure of a Prepared student, and so on).
    """
    units = de_units(courses)
    if not student.graduated:
        return StudentResult(student.student_id, Level.NOT_PREPARED, (), units)
    met = measures_met(student, courses, term_rule=term_rule)
    if any(m.level is Level.PREPARED for m in met):
        level = Level.PREPARED
    elif met:
        level = Level.APPROACHING
    else:
        level = Level.NOT_PREPARED
    return StudentResult(
        student.student_id, level, tuple(m for m in met if m.level is level), units
    )


def courses_by_student(courses: Iterable[Course]) -> dict[str, list[Course]]:
    by_student: dict[str, list[Course]] = {}
    for course in courses:
        by_student.setdefault(course.student_id, []).append(course)
    return by_student


def project(
    students: Iterable[Student],
    courses: Iterable[Course],
    *,
    term_rule: TermRule = TermRule.COMBINED,
) -> list[StudentResult]:
    """One result per student, in the students' order; courses are matched by student_id."""
    by_student = courses_by_student(courses)
    return [
        student_result(s, by_student.get(s.student_id, []), term_rule=term_rule) for s in students
    ]


def summarize(results: Iterable[StudentResult]) -> Summary:
    """Cohort size (every student: non-graduates stay in the denominator) and counts per level."""
    counts = dict.fromkeys(LEVELS, 0)
    measure_counts = dict.fromkeys(MEASURES, 0)
    cohort = 0
    for r in results:
        cohort += 1
        counts[r.level] += 1
        for m in r.measures:
            measure_counts[m] += 1
    return Summary(cohort=cohort, counts=counts, measure_counts=measure_counts)


#: Labels for pages and exports, in English and Spanish (this package imports no Django).
LEVEL_LABELS: Mapping[str, Mapping[Level, str]] = {
    "en": {
        Level.PREPARED: "Prepared",
        Level.APPROACHING: "Approaching Prepared",
        Level.NOT_PREPARED: "Not Prepared",
    },
    "es": {
        Level.PREPARED: "Preparado",
        Level.APPROACHING: "Acercándose a Preparado",
        Level.NOT_PREPARED: "No Preparado",
    },
}

MEASURE_LABELS: Mapping[str, Mapping[Measure, str]] = {
    "en": {
        Measure.COLLEGE_CREDIT: "Two semesters, three quarters or three trimesters of "
        "college credit courses (C- or better or Pass)",
        Measure.CTE_COLLEGE_CREDIT: "CTE pathway completion plus one semester of college credit",
        Measure.CTE_SBAC: "CTE pathway completion plus Smarter Balanced Level 3 in one subject and "
        "Level 2 in the other",
        Measure.AG_COLLEGE_CREDIT: "a-g completion plus one semester of college credit",
        Measure.AG_CTE: "a-g completion plus CTE pathway completion",
        Measure.AG_SBAC: "a-g completion plus Smarter Balanced Level 3 in one subject and Level 2 "
        "in the other",
        Measure.SBAC: "Smarter Balanced Level 3 or higher in both ELA and mathematics",
        Measure.APPROACHING_COLLEGE_CREDIT: "One semester, two quarters or two trimesters of "
        "college credit courses",
        Measure.APPROACHING_CTE: "CTE pathway completion",
        Measure.APPROACHING_AG: "a-g completion",
        Measure.APPROACHING_SBAC: "Smarter Balanced Level 2 or higher in both ELA and mathematics",
    },
    "es": {
        Measure.COLLEGE_CREDIT: "Dos semestres o tres periodos trimestrales (quarters o "
        "trimestres) de cursos con crédito universitario (C- o mejor, o Aprobado)",
        Measure.CTE_COLLEGE_CREDIT: "Programa de CTE completado más un semestre de crédito "
        "universitario",
        Measure.CTE_SBAC: "Programa de CTE completado más Smarter Balanced nivel 3 en una materia "
        "y nivel 2 en la otra",
        Measure.AG_COLLEGE_CREDIT: "Requisitos a-g completados más un semestre de crédito "
        "universitario",
        Measure.AG_CTE: "Requisitos a-g completados más programa de CTE completado",
        Measure.AG_SBAC: "Requisitos a-g completados más Smarter Balanced nivel 3 en una materia y "
        "nivel 2 en la otra",
        Measure.SBAC: "Smarter Balanced nivel 3 o superior en artes del lenguaje en inglés y en "
        "matemáticas",
        Measure.APPROACHING_COLLEGE_CREDIT: "Un semestre o dos periodos trimestrales (quarters o "
        "trimestres) de cursos con crédito universitario",
        Measure.APPROACHING_CTE: "Programa de CTE completado",
        Measure.APPROACHING_AG: "Requisitos a-g completados",
        Measure.APPROACHING_SBAC: "Smarter Balanced nivel 2 o superior en artes del lenguaje en "
        "inglés y en matemáticas",
    },
}
