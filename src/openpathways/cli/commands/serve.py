"""`openpathways serve`: run the web app (threaded, no autoreload; static files served too)."""

from __future__ import annotations

import click


def print_demo_links(base_url: str) -> None:
    """Print the demo accounts with a fresh one-click sign-in link each."""
    from rich.console import Console
    from rich.table import Table

    from openpathways.accounts.services import DEMO_LOGIN_MAX_AGE
    from openpathways.demo.selectors import demo_account_links

    links = demo_account_links(base_url=base_url)
    if not links:
        return
    console = Console()
    table = Table(title="Demo accounts", show_lines=False)
    for header in ("role", "username", "password", "scope"):
        table.add_column(header)
    for link in links:
        table.add_row(link.label, link.username, link.password, link.scope)
    console.print(table)
    console.print(
        f"One-click sign-in links (valid {DEMO_LOGIN_MAX_AGE // 60} minutes, "
        "on a server started with OPENPATHWAYS_DEMO_LOGIN=1):"
    )
    for link in links:
        console.print(f"  {link.label:<31} {link.url}", soft_wrap=True, highlight=False)


def run_server(host: str, port: int) -> None:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    from openpathways.core.i18n import compile_catalogs

    compile_catalogs(quiet=True)
    handler = StaticFilesHandler(get_wsgi_application())
    click.echo(f"Serving OpenPathways on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        run(host, port, handler, ipv6=":" in host, threading=True, server_cls=WSGIServer)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def command(port: int, host: str) -> None:
    """Serve the web app (and its static files) on http://HOST:PORT."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings

    if settings.DEMO_LOGIN:
        print_demo_links(f"http://{host}:{port}")
    run_server(host, port)
