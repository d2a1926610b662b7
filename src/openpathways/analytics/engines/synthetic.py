"""A seeded synthetic snapshot (numpy + pyarrow) for engine tests and the county benchmark.

Every table of `snapshot_schema.TABLES` is generated with plausible shapes: five graduation
cohorts (one already graduated), grade-level enrollment for four school years, about fifteen
course records per student and year of which a few percent carry college credit, with group
propensities so that participation gaps exist (as in the PPIC figures of docs/domain.md), and
small schools and groups so that suppression has work to do. Nothing here describes a real person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from openpathways.analytics.snapshot_schema import (
    OPPORTUNITY_TYPES,
    TABLES,
    check_table,
    table_path,
    write_manifest,
    write_table,
)

RACES = np.array(
    [
        "hispanic",
        "american_indian",
        "asian",
        "black",
        "filipino",
        "pacific_islander",
        "white",
        "two_or_more",
        "not_reported",
    ]
)
RACE_SHARES = np.array([0.57, 0.004, 0.11, 0.07, 0.03, 0.004, 0.17, 0.03, 0.012])
#: Relative propensity to take a college-credit course (Asian and white above, Latino and Black
#: below the average, as in the PPIC class-of-2024 figures).
RACE_PROPENSITY = np.array([0.86, 0.7, 1.33, 0.6, 1.1, 0.7, 1.05, 1.0, 0.9])
GRADES = np.array(["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F", "P", "NP", "W", ""])
PASSING_INDEX = np.flatnonzero(np.isin(GRADES, ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"]))
GRADE_SHARES = np.array(
    [0.22, 0.08, 0.07, 0.12, 0.06, 0.05, 0.08, 0.03, 0.05, 0.05, 0.04, 0.01, 0.06, 0.08]
)
TERM_KINDS = np.array(["semester", "quarter", "trimester", "summer"])
TERM_SHARES = np.array([0.8, 0.1, 0.05, 0.05])
CREDIT_TYPES = np.array(["high_school", "dual", "college", "none"])
SUBJECTS = np.array(["academic", "cte", "other"])
GENDERS = np.array(["F", "M", "X"])


@dataclass(frozen=True)
class SyntheticSize:
    students: int
    #: Mean course records per student and school year (all credit types).
    courses_per_year: float
    schools: int
    districts: int
    cities: int

    @classmethod
    def named(cls, name: str) -> SyntheticSize:
        return SIZES[name]


SIZES = {
    "tiny": SyntheticSize(students=600, courses_per_year=3.0, schools=8, districts=2, cities=5),
    "small": SyntheticSize(students=6_000, courses_per_year=4.0, schools=30, districts=3, cities=8),
    "county": SyntheticSize(
        students=420_000, courses_per_year=18.5, schools=330, districts=80, cities=88
    ),
}


def _generate(
    size: SyntheticSize, *, seed: int, as_of_year: int
) -> tuple[dict[str, pa.Table], _Enrollments]:
    rng = np.random.default_rng(seed)
    years = np.arange(as_of_year - 3, as_of_year + 1, dtype=np.int32)

    # --- organisations
    n_cities = size.cities
    city_ids = np.arange(1, n_cities + 1, dtype=np.int64) + 10_000
    cities = pa.table({"city_id": city_ids, "name": [f"City {i:03d}" for i in range(n_cities)]})
    district_ids = np.arange(1, size.districts + 1, dtype=np.int64) + 20_000
    n_schools = size.schools
    school_ids = np.arange(1, n_schools + 1, dtype=np.int64) + 30_000
    school_district = rng.choice(district_ids, n_schools)
    # most schools serve 9-12; a few middle schools and adult centres do not
    serves = rng.random(n_schools) < 0.9
    serves[0] = True
    school_city_idx = rng.integers(0, n_cities, n_schools)
    school_city_known = rng.random(n_schools) < 0.95
    schools = pa.table(
        {
            "school_id": school_ids,
            "district_id": school_district,
            "name": [f"School {i:04d}" for i in range(n_schools)],
            "cds_code": [f"19{i:012d}" for i in range(n_schools)],
            "status": np.where(rng.random(n_schools) < 0.97, "active", "closed"),
            "school_type": np.where(serves, "high", "middle"),
            "serves_9_12": serves,
            "city": np.where(
                school_city_known, np.array([f"City {i:03d}" for i in school_city_idx]), ""
            ),
            "city_id": pa.array(
                np.where(school_city_known, city_ids[school_city_idx], 0),
                mask=~school_city_known,
            ),
        }
    )

    # --- opportunities: per school, year and type, offered with a type-specific probability
    type_p = np.array([0.7, 0.6, 0.35, 0.3, 0.1])
    grid = np.array(np.meshgrid(np.arange(n_schools), years, np.arange(5), indexing="ij"))
    grid = grid.reshape(3, -1)
    offered = rng.random(grid.shape[1]) < type_p[grid[2]]
    repeats = np.where(offered, rng.integers(1, 4, grid.shape[1]), 0)
    idx = np.repeat(np.arange(grid.shape[1]), repeats)
    opportunities = pa.table(
        {
            "opportunity_id": np.arange(1, len(idx) + 1, dtype=np.int64),
            "school_id": school_ids[grid[0][idx]],
            "type": np.array(OPPORTUNITY_TYPES)[grid[2][idx]],
            "academic_year": grid[1][idx].astype(np.int32),
            "active": rng.random(len(idx)) < 0.95,
        }
    )

    # --- students: five cohorts, the first already graduated
    n = size.students
    keys = rng.integers(1, 2**62, n, dtype=np.int64)
    if len(np.unique(keys)) != n:  # practically never (n**2 / 2**63)
        raise RuntimeError("student key collision: choose another seed")
    cohort = (as_of_year + rng.integers(0, 5, n)).astype(np.int32)  # A .. A+4
    # school sizes vary a lot: a few very small schools
    school_weight = rng.gamma(2.0, 1.0, n_schools) * np.where(serves, 1.0, 0.02)
    school_weight[-1] = 0.0005  # a tiny school, for suppression
    st_school_idx = rng.choice(n_schools, n, p=school_weight / school_weight.sum())
    race_idx = rng.choice(len(RACES), n, p=RACE_SHARES / RACE_SHARES.sum())
    graduated_cohort = cohort <= as_of_year
    status = np.where(
        graduated_cohort,
        np.where(rng.random(n) < 0.88, "graduated", "left"),
        np.where(rng.random(n) < 0.97, "enrolled", "left"),
    )
    grade_now = np.clip(12 - (cohort - (as_of_year + 1)), 9, 12).astype(np.int32)
    residence_known = rng.random(n) < 0.93
    # students mostly live in the city of their school
    home_city = np.where(
        rng.random(n) < 0.7, school_city_idx[st_school_idx], rng.integers(0, n_cities, n)
    )
    el = rng.random(n) < 0.18
    sed = rng.random(n) < 0.7
    students = pa.table(
        {
            "student_key": keys,
            "school_id": school_ids[st_school_idx],
            "district_id": school_district[st_school_idx],
            "grade": grade_now,
            "cohort": cohort,
            "status": status,
            "graduated": status == "graduated",
            "birth_year": (cohort - 18).astype(np.int32),
            "gender": GENDERS[rng.choice(3, n, p=[0.49, 0.49, 0.02])],
            "race_ethnicity": RACES[race_idx],
            "english_learner": el,
            "socioeconomically_disadvantaged": sed,
            "disability": rng.random(n) < 0.13,
            "foster": rng.random(n) < 0.006,
            "homeless": rng.random(n) < 0.03,
            "residence_city_id": pa.array(
                np.where(residence_known, city_ids[home_city], 0), mask=~residence_known
            ),
        }
    )

    # --- student_years: the years in which each student was in grades 9-12
    sy_student = np.repeat(np.arange(n), len(years))
    sy_year = np.tile(years, n)
    sy_grade = (12 - (cohort[sy_student] - 1 - sy_year)).astype(np.int32)
    keep = (sy_grade >= 9) & (sy_grade <= 12)
    # students who left stop appearing after their last year (about half-way)
    left = status[sy_student] == "left"
    keep &= ~(left & (sy_year == as_of_year))
    sy_student, sy_year, sy_grade = sy_student[keep], sy_year[keep], sy_grade[keep]
    student_years = pa.table(
        {
            "student_key": keys[sy_student],
            "academic_year": sy_year,
            "school_id": school_ids[st_school_idx[sy_student]],
            "grade": sy_grade,
        }
    )

    # --- enrollments: course records per student-year, generated in chunks (bounded memory)
    enrollments = _Enrollments(
        rng=np.random.default_rng(seed + 1),
        size=size,
        as_of_year=as_of_year,
        years=years,
        keys=keys,
        race_idx=race_idx,
        sy_student=sy_student,
        sy_year=sy_year,
        sy_grade=sy_grade,
    )

    # --- credentials: CTE pathway completions and certifications for some students
    n_cred = max(1, n // 20)
    cred_student = rng.choice(n, n_cred)
    kinds = np.where(rng.random(n_cred) < 0.6, "cte_pathway_completion", "industry_certification")
    credentials = pa.table(
        {
            "student_key": keys[cred_student],
            "kind": kinds,
            "pathway": np.where(
                kinds == "cte_pathway_completion",
                np.char.add("P", rng.integers(100, 110, n_cred).astype(str)),
                "",
            ),
            "capstone_grade": np.where(
                kinds == "cte_pathway_completion", rng.choice(["A", "B", "C", "D"], n_cred), ""
            ),
            "academic_year": rng.choice(years, n_cred).astype(np.int32),
        }
    )

    # --- compacts: a third of the (district, city) pairs that have students
    pairs = np.unique(np.stack([school_district[st_school_idx], city_ids[home_city]]), axis=1).T
    chosen = pairs[rng.random(len(pairs)) < 0.33]
    n_comp = len(chosen)
    compacts = pa.table(
        {
            "compact_id": np.arange(1, n_comp + 1, dtype=np.int64),
            "district_id": chosen[:, 0].astype(np.int64),
            "city_id": chosen[:, 1].astype(np.int64),
            "status": np.where(rng.random(n_comp) < 0.85, "active", "expired"),
            "signed_on": pa.array([dt.date(2020, 1, 1)] * n_comp, type=pa.date32()),
        }
    )

    # --- vendor contracts and placements
    n_contracts = max(10, n // 40)
    n_vendors = max(5, n_contracts // 3)
    c_vendor = rng.integers(0, n_vendors, n_contracts)
    start_year = rng.choice(years, n_contracts)
    length = rng.integers(1, 4, n_contracts)
    obligated = rng.random(n_contracts) < 0.4
    placements_committed = np.where(obligated, rng.integers(0, 6, n_contracts), 0)
    hours_committed = np.where(
        obligated & (rng.random(n_contracts) < 0.5), rng.integers(40, 400, n_contracts), 0
    )
    vendor_contracts = pa.table(
        {
            "contract_id": np.arange(1, n_contracts + 1, dtype=np.int64),
            "vendor_id": (c_vendor + 50_000).astype(np.int64),
            "vendor_name": [f"Vendor {v:05d}" for v in c_vendor],
            "district_id": rng.choice(district_ids, n_contracts),
            "status": np.where(rng.random(n_contracts) < 0.9, "active", "terminated"),
            "start_date": pa.array([dt.date(int(y), 7, 1) for y in start_year], type=pa.date32()),
            "end_date": pa.array(
                [dt.date(int(y + k), 6, 30) for y, k in zip(start_year, length, strict=True)],
                type=pa.date32(),
            ),
            "wbl_placements_committed": placements_committed.astype(np.int64),
            "wbl_hours_committed": hours_committed.astype(np.int64),
        }
    )
    n_pl = int(obligated.sum() * 4)
    pl_contract = rng.choice(np.flatnonzero(obligated), max(n_pl, 1))
    n_pl = len(pl_contract)
    placements = pa.table(
        {
            "placement_id": np.arange(1, n_pl + 1, dtype=np.int64),
            "contract_id": (pl_contract + 1).astype(np.int64),
            "student_key": keys[rng.choice(n, n_pl)],
            "status": rng.choice(["applied", "placed", "active", "completed", "withdrawn"], n_pl),
            "academic_year": pa.array(
                (start_year[pl_contract] + rng.integers(0, 3, n_pl)).astype(np.int32)
            ),
            "hours_confirmed": np.round(rng.gamma(2.0, 40.0, n_pl), 2),
        }
    )

    raw = {
        "schools": schools,
        "opportunities": opportunities,
        "students": students,
        "student_years": student_years,
        "enrollments": None,
        "credentials": credentials,
        "cities": cities,
        "compacts": compacts,
        "vendor_contracts": vendor_contracts,
        "wbl_placements": placements,
    }
    out = {name: check_table(name, t) for name, t in raw.items() if t is not None}
    return out, enrollments


def generate(size: SyntheticSize, *, seed: int = 7, as_of_year: int = 2025) -> dict[str, pa.Table]:
    """Every snapshot table, checked against the written schema."""
    tables, enrollments = _generate(size, seed=seed, as_of_year=as_of_year)
    tables["enrollments"] = pa.concat_tables(list(enrollments.batches()))
    return {name: tables[name] for name in TABLES}


def _dict(indices: np.ndarray, values: Sequence[str]) -> pa.Array:
    """Strings given as indices into a small vocabulary (fast, and light on memory)."""
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(np.int32)), pa.array(list(values), type=pa.string())
    ).cast(pa.string())


@dataclass
class _Enrollments:
    rng: np.random.Generator
    size: SyntheticSize
    as_of_year: int
    years: np.ndarray
    keys: np.ndarray
    race_idx: np.ndarray
    sy_student: np.ndarray
    sy_year: np.ndarray
    sy_grade: np.ndarray
    chunk: int = 100_000  # student-years per chunk

    def batches(self) -> Iterator[pa.Table]:
        next_section = 1
        for lo in range(0, len(self.sy_student), self.chunk):
            table = self._batch(slice(lo, lo + self.chunk), next_section)
            next_section += table.num_rows
            yield table

    def _batch(self, part: slice, first_section: int) -> pa.Table:
        rng, size = self.rng, self.size
        sy_student, sy_year, sy_grade = (
            self.sy_student[part], self.sy_year[part], self.sy_grade[part]
        )  # fmt: skip
        per = rng.poisson(size.courses_per_year, len(sy_student))
        e_sy = np.repeat(np.arange(len(sy_student)), per)
        m = len(e_sy)
        e_student = sy_student[e_sy]
        e_year = sy_year[e_sy]
        e_grade_level = sy_grade[e_sy]
        # college-credit share rises with grade and varies by group
        scale = 15.6 / size.courses_per_year
        base = np.array([0.01, 0.02, 0.035, 0.05])[e_grade_level - 9] * scale
        p_college = np.clip(base * RACE_PROPENSITY[self.race_idx[e_student]], 0, 0.9)
        u = rng.random(m)
        credit_idx = np.where(
            u < p_college * 0.65,
            1,
            np.where(u < p_college, 2, np.where(rng.random(m) < 0.99, 0, 3)),
        )
        college = (credit_idx == 1) | (credit_idx == 2)
        provider_idx = np.where(college, 0, (rng.random(m) < 0.5).astype(np.int64))
        kind_idx = np.where(college, rng.choice(4, m, p=TERM_SHARES), 0)
        part_idx = rng.integers(0, 3, m)
        # FA, SP (semesters), T1..T3 (quarters, trimesters), SU (summer)
        suffix_idx = np.where(
            kind_idx == 0,
            np.where(part_idx == 0, 0, 1),
            np.where(kind_idx == 3, 5, 2 + part_idx),
        )
        suffixes = ["FA", "SP", "T1", "T2", "T3", "SU"]
        vocabulary = [f"{y}{sfx}" for y in self.years for sfx in suffixes]
        term_idx = (e_year - self.years[0]) * len(suffixes) + suffix_idx
        units = np.where(
            college,
            rng.choice(np.array([3.0, 4.0, 1.5, 2.0, 5.0]), m, p=[0.6, 0.2, 0.1, 0.05, 0.05]),
            5.0,
        )
        grade_idx = rng.choice(len(GRADES), m, p=GRADE_SHARES / GRADE_SHARES.sum())
        current = e_year == self.as_of_year
        # the current year's records have no final grade yet in half the cases
        no_grade_yet = current & (rng.random(m) < 0.5)
        blank = len(GRADES) - 1
        grade_idx = np.where(no_grade_yet, blank, grade_idx)
        # completed, withdrawn, enrolled, dropped
        status_idx = np.where(
            GRADES[grade_idx] == "W",
            1,
            np.where(grade_idx == blank, np.where(no_grade_yet, 2, 3), 0),
        )
        passed = np.isin(grade_idx, PASSING_INDEX)
        subject_idx = rng.choice(3, m, p=[0.7, 0.25, 0.05])
        pathway_idx = np.where(subject_idx == 1, rng.integers(1, 11, m), 0)
        return check_table(
            "enrollments",
            pa.table(
                {
                    "student_key": self.keys[e_student],
                    "section_id": np.arange(first_section, first_section + m, dtype=np.int64),
                    "academic_year": e_year.astype(np.int32),
                    "term_code": _dict(term_idx, vocabulary),
                    "term_kind": _dict(kind_idx, list(TERM_KINDS)),
                    "provider": _dict(provider_idx, ["college", "adult_ed"]),
                    "subject": _dict(subject_idx, list(SUBJECTS)),
                    "credit_type": _dict(credit_idx, list(CREDIT_TYPES)),
                    "units_attempted": units,
                    "units_earned": np.where(passed, units, 0.0),
                    "grade": _dict(grade_idx, list(GRADES)),
                    "status": _dict(status_idx, ["completed", "withdrawn", "enrolled", "dropped"]),
                    "pathway": _dict(pathway_idx, ["", *(f"P{100 + i}" for i in range(10))]),
                }
            ),
        )


def write_snapshot(
    directory: Path, size: SyntheticSize, *, seed: int = 7, as_of_year: int = 2025
) -> Path:
    """Generate and write a whole snapshot (Parquet files and manifest) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    tables, enrollments = _generate(size, seed=seed, as_of_year=as_of_year)
    for name, table in tables.items():
        write_table(directory, name, table)
    spec = TABLES["enrollments"]
    with pq.ParquetWriter(
        table_path(directory, "enrollments"), spec.schema, compression="snappy"
    ) as writer:
        for batch in enrollments.batches():
            writer.write_table(batch)
    write_manifest(
        directory,
        {"as_of_year": as_of_year, "as_of_term": "fall", "source": "synthetic", "seed": seed},
    )
    return directory


#: Default values for columns a hand-written row leaves out (tests state only what matters).
_DEFAULTS: dict[str, object] = {
    "district_id": 1,
    "status": "",
    "name": "",
    "cds_code": "",
    "school_type": "high",
    "serves_9_12": True,
    "city": "",
    "city_id": None,
    "active": True,
    "grade": 11,
    "cohort": 2027,
    "graduated": False,
    "birth_year": None,
    "gender": "F",
    "race_ethnicity": "hispanic",
    "english_learner": False,
    "socioeconomically_disadvantaged": False,
    "disability": False,
    "foster": False,
    "homeless": False,
    "residence_city_id": None,
    "academic_year": 2025,
    "term_code": "2025FA",
    "term_kind": "semester",
    "provider": "college",
    "subject": "academic",
    "credit_type": "dual",
    "units_attempted": 3.0,
    "units_earned": 0.0,
    "pathway": "",
    "kind": "cte_pathway_completion",
    "capstone_grade": "",
    "signed_on": None,
    "vendor_name": "",
    "start_date": dt.date(2025, 7, 1),
    "end_date": dt.date(2026, 6, 30),
    "wbl_placements_committed": 0,
    "wbl_hours_committed": 0,
    "contract_id": None,
    "hours_confirmed": 0.0,
}
_STATUS_DEFAULT = {
    "schools": "active",
    "students": "enrolled",
    "enrollments": "completed",
    "compacts": "active",
    "vendor_contracts": "active",
    "wbl_placements": "completed",
}
_GRADE_DEFAULT = {"enrollments": ""}


def rows_to_tables(rows: Mapping[str, Sequence[Mapping[str, object]]]) -> dict[str, pa.Table]:
    """Snapshot tables from a few hand-written rows per table (missing tables are empty,
    missing columns take defaults; ids and keys must be given)."""
    out: dict[str, pa.Table] = {}
    for name, spec in TABLES.items():
        given = rows.get(name, [])
        columns: dict[str, list[object]] = {c: [] for c in spec.columns}
        for row in given:
            unknown = set(row) - set(spec.columns)
            if unknown:
                raise ValueError(f"{name}: unknown column(s) {sorted(unknown)}")
            for column in spec.columns:
                if column in row:
                    value = row[column]
                elif column == "status":
                    value = _STATUS_DEFAULT.get(name, "")
                elif column == "grade" and name in _GRADE_DEFAULT:
                    value = _GRADE_DEFAULT[name]
                elif column in _DEFAULTS:
                    value = _DEFAULTS[column]
                else:
                    raise ValueError(f"{name}: column {column} must be given")
                columns[column].append(value)
        out[name] = pa.Table.from_pydict(
            {f.name: pa.array(columns[f.name], type=f.type) for f in spec.schema},
            schema=spec.schema,
        )
    return out


def write_tables(
    directory: Path, tables: Mapping[str, pa.Table], *, as_of_year: int = 2025
) -> Path:
    """Write tables as a snapshot (with its manifest)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        write_table(directory, name, tables[name])
    write_manifest(directory, {"as_of_year": as_of_year, "as_of_term": "fall", "source": "test"})
    return directory
