"""`openpathways reminders`: consent reminders to guardians and the counselors' digest.

    openpathways reminders send [--days 7] [--dry-run]
    openpathways reminders digest [--dry-run]

`send` e-mails each guardian of a student whose application has waited on consent for more than
N days, in the guardian's language, with a fresh signed consent link. `digest` e-mails each
counselor the counts and lists of pending steps in their caseload. Both are idempotent per day:
a second run the same day sends nothing new (the reminder log says what went out).
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from openpathways.cli.django_setup import setup_django


@click.group(name="reminders")
def command() -> None:
    """Consent reminders and the counselor digest (run once a day)."""


def _report(result: Any, what: str) -> None:
    if result.dry_run:
        click.echo(f"Dry run: would send {len(result.planned):,} {what}; nothing sent.")
        for m in result.planned:
            click.echo(f"  {m.email} [{m.language}] {m.subject}")
    else:
        click.echo(f"Sent {result.sent:,} {what}.")
    click.echo(
        f"Already sent today: {result.already_sent_today:,}; "
        f"no e-mail address on file: {result.without_email:,}."
    )


@command.command()
@click.option(
    "--days", type=click.IntRange(min=0), default=7, show_default=True,
    help="Remind when consent has been pending for more than this many days.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing.")
def send(days: int, dry_run: bool) -> None:
    """Remind guardians whose consent is pending."""
    setup_django()
    from rich.progress import Progress

    from openpathways.rosters.services import consent_reminders_send

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Consent reminders", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = consent_reminders_send(
            actor=None, older_than_days=days, dry_run=dry_run, progress=advance
        )
    _report(result, "consent reminders")


@command.command()
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing.")
def digest(dry_run: bool) -> None:
    """E-mail each counselor the pending steps of their caseload."""
    setup_django()
    from openpathways.rosters.services import counselor_digests_send

    with Console(stderr=True).status("Gathering pending steps..."):
        result = counselor_digests_send(dry_run=dry_run)
    _report(result, "counselor digests")
