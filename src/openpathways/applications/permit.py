"""The printable Concurrent Enrollment Permit (PDF, reportlab): student, school, course and
section, and every signature of the journey (request, recommendation or counseling session,
guardian consent with typed name, time and method, college approval, registration)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas


def permit_pdf(data: Any, *, compress: bool = True) -> bytes:
    """Render `PermitData` (applications.selectors) as a one-page PDF. `compress=False` keeps
    the text streams readable (tests read the text back)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, pageCompression=1 if compress else 0)
    pdf.setTitle(f"Concurrent Enrollment Permit {data.application_id}")
    pdf.setAuthor("OpenPathways")
    _width, height = LETTER
    left = 0.8 * inch
    y = height - 0.9 * inch

    def line(text: str, *, size: int = 10, bold: bool = False, gap: float = 15) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(left, y, text)
        y -= gap

    line("Concurrent Enrollment Permit", size=16, bold=True, gap=20)
    line(f"Application {data.application_id} - status: {data.status}", size=9, gap=22)
    line("Student", bold=True)
    line(f"Name: {data.student_name}")
    line(f"State student ID: {data.state_student_id}    Grade: {data.grade}")
    line(f"High school: {data.school}", gap=22)
    line("Course", bold=True)
    line(f"Course: {data.course}")
    line(f"Section: {data.section}    Units: {data.units}    Term: {data.term}")
    line(f"Offered by: {data.provider}")
    line(f"Program: {data.program}")
    line(f"Eligibility: {data.eligibility or 'not checked'} ({data.rule_pack})", gap=22)
    line("Signatures", bold=True)
    if not data.signatures:
        line("None yet.")
    for sig in data.signatures:
        line(f"{sig.role}: {sig.name}", bold=True, size=9, gap=12)
        line(f"    {sig.when}  -  {sig.method}", size=9, gap=16)
    y -= 10
    pdf.setFont("Helvetica", 8)
    pdf.drawString(
        left, y,
        "Parent/guardian consent is given once for all of high school (Title 5, 2023) and may be "
        "withdrawn at any time.",
    )  # fmt: skip
    pdf.drawString(
        left, y - 11,
        "Electronic signatures are valid under ESIGN and UETA when the signer shows intent to "
        "sign.",
    )  # fmt: skip
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
