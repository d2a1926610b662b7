"""`openpathways rules`: the policy simulator and pack tools.

    openpathways rules explain REQUEST.json [--format text|json] [--pack ID|FILE] [--lang en|es]
    openpathways rules validate PACK.toml [PACK.toml ...]
    openpathways rules list

`explain` evaluates a self-contained request (see docs/rules.md) and prints every rule with its
result and source. It needs no database. Bad input exits with status 1 and a message naming the
file and the JSON path (requests) or the file, line, rule id and field (packs).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

STATUS_STYLE = {"passed": "green", "failed": "red", "not_applicable": "dim"}
DECISION_STYLE = {"eligible": "bold green", "pending": "bold yellow", "ineligible": "bold red"}


def _today() -> date:
    return datetime.now(ZoneInfo("America/Los_Angeles")).date()


@click.group(name="rules")
def command() -> None:
    """Eligibility rule packs: explain a decision, validate and list packs."""


@command.command()
@click.argument("request", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="A readable table, or the decision as JSON.",
)  # fmt: skip
@click.option(
    "--pack", "pack_ref", default=None,
    help="Pack id (ca-dual-enrollment), id@version, or a pack file. Default: ca-dual-enrollment.",
)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(["en", "es"]), default="en", show_default=True,
    help="Language of the messages.",
)  # fmt: skip
@click.option(
    "--on", "on_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Evaluate as of this date (YYYY-MM-DD). Default: today in California.",
)  # fmt: skip
def explain(
    request: str, fmt: str, pack_ref: str | None, lang: str, on_date: datetime | None
) -> None:
    """Evaluate REQUEST (a JSON file, or - for standard input) and show every rule's result."""
    from openpathways.rules import (
        DEFAULT_PACK,
        PackError,
        RequestError,
        evaluate,
        load_pack,
        parse_request_text,
    )

    on = on_date.date() if on_date else _today()
    if request == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        path = Path(request)
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{name}: cannot read the file: {exc}") from exc
    try:
        parsed = parse_request_text(text, source=name)
    except RequestError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        pack = load_pack(pack_ref or DEFAULT_PACK, on=on)
    except (PackError, LookupError) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from exc
    decision = evaluate(pack, parsed, on=on)
    if fmt == "json":
        click.echo(json.dumps(decision.to_dict(lang), ensure_ascii=False, indent=2))
        return
    _print_table(decision, lang)


def _print_table(decision: object, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from openpathways.rules.engine import Decision
    from openpathways.rules.messages import t

    assert isinstance(decision, Decision)
    console = Console(width=max(Console().width, 140), highlight=False, soft_wrap=False)
    pack = decision.pack
    label = t(f"decision.{decision.decision}", lang)
    console.print(
        Text.assemble(
            (f"{t('header.decision', lang)}: ", "bold"),
            (label.upper(), DECISION_STYLE[decision.decision]),
            f"   {t('header.pack', lang)}: {pack.id} {pack.version}",
            f"   {t('header.on', lang)} {decision.on.isoformat()}",
        )
    )
    table = Table(show_lines=False, expand=False)
    table.add_column(t("header.rule", lang), no_wrap=True)
    table.add_column(t("header.result", lang), no_wrap=True)
    table.add_column(t("header.source", lang), no_wrap=True)
    table.add_column(t("header.message", lang), overflow="fold")
    for result in decision.results:
        status = t(f"status.{result.status}", lang)
        if result.status == "failed":
            key = "status.info_suffix" if result.rule.on_fail == "info" else \
                f"decision.{result.rule.on_fail}"  # fmt: skip
            status += f" ({t(key, lang)})"
        table.add_row(
            result.id,
            Text(status, STATUS_STYLE[result.status]),
            result.source.code,
            result.messages[lang],
        )
    console.print(table)


@command.command()
@click.argument("packs", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
def validate(packs: tuple[str, ...]) -> None:
    """Load and validate pack files (with the packs they extend); report every broken one."""
    from openpathways.rules import PackError, load_pack

    failures = 0
    for name in packs:
        try:
            pack = load_pack(Path(name))
        except (PackError, LookupError) as exc:
            failures += 1
            click.echo(f"error: {exc}", err=True)
            continue
        base = f", extends {pack.extends}" if pack.extends else ""
        click.echo(f"ok: {name}: {pack.ref}, {len(pack.rules)} rules{base}")
    if failures:
        raise SystemExit(1)


@command.command(name="list")
def list_packs() -> None:
    """List the rule packs found (built-in ones and those in $OPENPATHWAYS_RULE_PACKS)."""
    from openpathways.rules import PackError, load_pack
    from openpathways.rules.packs import pack_index, search_dirs

    index = pack_index(search_dirs())
    for (pack_id, version), path in sorted(index.items()):
        try:
            pack = load_pack(path)
            summary = f"effective {pack.effective}, {len(pack.rules)} rules"
            if pack.extends:
                summary += f", extends {pack.extends}"
        except (PackError, LookupError) as exc:
            summary = f"BROKEN: {exc}"
        click.echo(f"{pack_id}@{version}  {summary}  ({path})")
    for (pack_id, version), (first, second) in sorted(index.ambiguous.items()):
        click.echo(f"{pack_id}@{version}  BROKEN: defined twice, in {first} and {second}")
    for problem in index.problems:
        click.echo(f"BROKEN: {problem}")
