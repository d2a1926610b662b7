"""The `openpathways` command: one entry point for everything an operator does.

Subcommands live in `openpathways.cli.commands.<name>`; each module exposes a click command or
group named `command`, and is found automatically.
"""

from __future__ import annotations

import importlib
import os
import pkgutil

import click

from openpathways.cli import commands as commands_pkg


class OpenPathwaysGroup(click.Group):
    def _load(self) -> None:
        if getattr(self, "_loaded", False):
            return
        self._loaded = True
        for info in pkgutil.iter_modules(commands_pkg.__path__):
            module = importlib.import_module(f"{commands_pkg.__name__}.{info.name}")
            cmd = getattr(module, "command", None)
            if isinstance(cmd, click.Command) and cmd.name not in self.commands:
                self.add_command(cmd)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return self.commands.get(cmd_name)


@click.group(cls=OpenPathwaysGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="openpathways")
def cli() -> None:
    """OpenPathways: college and career pathways partnerships.

    The database comes from DATABASE_URL (default: SQLite under the project's var/ folder).
    """


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    cli(prog_name="openpathways")
