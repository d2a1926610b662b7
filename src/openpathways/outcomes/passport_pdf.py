"""The printable passport (PDF, reportlab platypus) in the reader's language."""

from __future__ import annotations

import io
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from openpathways.outcomes import labels
from openpathways.outcomes.passport import Passport


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def passport_pdf(passport: Passport, *, language: str = "en", compress: bool = True) -> bytes:
    """Render the passport as a PDF in `language` ("en" or "es"). `compress=False` keeps the
    text streams readable (the tests read the text back)."""
    with override(language):
        return _render(passport, language=language, compress=compress)


def _render(p: Passport, *, language: str, compress: bool) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=LETTER, leftMargin=0.8 * inch, rightMargin=0.8 * inch,
        topMargin=0.8 * inch, bottomMargin=0.8 * inch, pageCompression=1 if compress else 0,
        title=_("Opportunity passport") + f": {p.student.name}", author="OpenPathways",
        lang=language,
    )  # fmt: skip
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]
    s = p.student
    story: list[Flowable] = [
        Paragraph(_esc(_("Opportunity passport")), h1),
        Paragraph(_esc(s.name), styles["Heading1"]),
        Paragraph(
            _esc(
                _("%(school)s · grade %(grade)s · class of %(year)s")
                % {"school": s.school, "grade": s.grade, "year": s.class_of}
            ),
            body,
        ),
        Paragraph(_esc(_("As of %(date)s") % {"date": formats.date_format(p.today)}), body),
        Spacer(1, 8),
    ]

    story.append(Paragraph(_esc(_("College units toward 12")), h2))
    if p.college_records_withheld:
        story.append(Paragraph(_esc(_withheld_text()), body))
    elif p.units is not None:
        u = p.units
        story.append(
            Paragraph(
                _esc(
                    _("%(earned)s of 12 units earned; %(enrolled)s units in courses under way; "
                      "%(terms)s terms left before graduation.")
                    % {"earned": u.earned, "enrolled": u.enrolled, "terms": u.terms_left}
                ),
                body,
            )
        )  # fmt: skip
        story.append(Paragraph(_esc(labels.UNIT_STATUS[u.status]), body))
    if p.cci is not None:
        story.append(Paragraph(_esc(_("College/Career Indicator")), h2))
        story.append(
            Paragraph(
                _esc(_("College-credit route: %(level)s")
                     % {"level": labels.cci_level_label(p.cci.college_credit_level, language)}),
                body,
            )
        )  # fmt: skip
        cte = _("met") if p.cci.cte_route_met else _("not met")
        story.append(Paragraph(_esc(_("CTE route: %(state)s") % {"state": cte}), body))
        story.append(
            Paragraph(
                _esc(_("If graduating with this record: %(level)s")
                     % {"level": labels.cci_level_label(p.cci.projected_level, language)}),
                body,
            )
        )  # fmt: skip
    if p.college_courses:
        story.append(Paragraph(_esc(_("College courses")), h2))
        rows = [[_("Course"), _("Term"), _("Status"), _("Grade"), _("Units")]]
        for course in p.college_courses:
            title = course.title_es if language == "es" and course.title_es else course.title
            status = str(labels.COURSE_STATUS.get(course.status, course.status))
            rows.append(
                [f"{course.code} {title}"[:60], course.term, status, course.grade or "-",
                 str(course.units)]
            )  # fmt: skip
        story.append(_table(rows))

    story.append(Paragraph(_esc(_("CTE pathways, certifications and certificates")), h2))
    creds = [*p.cte_completions, *p.certifications, *p.certificates]
    if creds:
        rows = [[_("Kind"), _("Title"), _("Earned"), _("Capstone grade")]]
        for cred in creds:
            rows.append(
                [str(labels.CREDENTIAL_KINDS.get(cred.kind, cred.kind)), cred.title[:55],
                 formats.date_format(cred.earned_on, "SHORT_DATE_FORMAT"),
                 cred.capstone_grade or "-"]
            )  # fmt: skip
        story.append(_table(rows))
        if p.elective_credits:
            story.append(
                Paragraph(_esc(_("Elective credits: %(n)s") % {"n": p.elective_credits}), body)
            )
    else:
        story.append(Paragraph(_esc(_("None yet.")), body))

    story.append(Paragraph(_esc(_("Work-based learning")), h2))
    story.append(
        Paragraph(_esc(_("%(hours)s hours confirmed by employers.") % {"hours": p.wbl_hours}), body)
    )
    if p.aa_progress:
        story.append(Paragraph(_esc(_("Associate degree progress")), h2))
        for a in p.aa_progress:
            title = a.title_es if language == "es" and a.title_es else a.title
            story.append(
                Paragraph(
                    _esc(_("%(title)s (%(college)s): %(earned)s of %(required)s units")
                         % {"title": title, "college": a.college, "earned": a.units_earned,
                            "required": a.units_required}),
                    body,
                )
            )  # fmt: skip
    if p.campaign is not None:
        camp = p.campaign
        aid = str(labels.financial_aid_label(camp.financial_aid))
        story.append(Paragraph(_esc(_("College and financial-aid applications")), h2))
        story.append(
            _table(
                [
                    [_("Application"), _("Status")],
                    [_("FAFSA or California Dream Act"), aid],
                    [_("Community college"), str(labels.application_label(camp.community_college))],
                    [_("University"), str(labels.application_label(camp.university))],
                ]
            )
        )  # fmt: skip
    if p.next_steps:
        story.append(Paragraph(_esc(_("Next steps")), h2))
        for step in p.next_steps:
            story.append(Paragraph(_esc("- " + str(labels.NEXT_STEPS[step])), body))
    doc.build(story)
    return buffer.getvalue()


def _withheld_text() -> str:
    return _(
        "College course records are not shown: the student has not given written consent to "
        "share them with parents."
    )
