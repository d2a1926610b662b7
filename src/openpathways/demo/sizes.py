"""Demo sizes (domain.md section 4). `tiny` exists for the test suite."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SizeProfile:
    name: str
    #: LA Unified students enrolled in grades 9-12.
    lausd_students: int
    #: LA Unified schools serving grades 9-12 (regular, 6-12 spans and continuation schools).
    lausd_high_schools: int
    #: Students in grades 9-12 of the other districts (county and state sizes).
    other_students: int = 0
    other_districts: int = 0
    other_high_schools_per_district: int = 0
    #: Colleges beyond the nine of the LA Community College District.
    other_colleges: int = 0
    employers: int = 20
    #: Also generate last year's graduates (class of 2026) with their college history.
    graduates: bool = True

    @property
    def students(self) -> int:
        return self.lausd_students + self.other_students


SIZES: dict[str, SizeProfile] = {
    "tiny": SizeProfile("tiny", lausd_students=320, lausd_high_schools=6, employers=12),
    "small": SizeProfile("small", lausd_students=3_000, lausd_high_schools=16, employers=40),
    "district": SizeProfile(
        "district", lausd_students=150_000, lausd_high_schools=190, employers=1_200
    ),
    "county": SizeProfile(
        "county",
        lausd_students=150_000,
        lausd_high_schools=190,
        other_students=270_000,
        other_districts=20,
        other_high_schools_per_district=14,
        other_colleges=12,
        employers=2_500,
    ),
    "state": SizeProfile(
        "state",
        lausd_students=150_000,
        lausd_high_schools=190,
        other_students=1_850_000,
        other_districts=220,
        other_high_schools_per_district=5,
        other_colleges=107,
        employers=8_000,
    ),
}
