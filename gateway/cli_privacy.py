"""Privacy commands of ``sellergate``: the data map and the transfers report."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

import click

__all__ = ["PRIVACY_COMMANDS", "datamap_command", "transfers_group"]

_FORMAT = click.Choice(["md", "json"])


@click.command("datamap")
@click.option("--format", "fmt", type=_FORMAT, default="md", show_default=True)
def datamap_command(fmt: str) -> None:
    """Print the data map (record of processing) generated from the live schema."""
    from gateway.cli import _settings
    from gateway.privacy import datamap
    from schema.schema import schema

    data_map = datamap.build(schema, settings=_settings())
    if fmt == "json":
        click.echo(json.dumps(datamap.to_json(data_map), indent=2))
    else:
        click.echo(datamap.to_markdown(data_map), nl=False)


@click.group("transfers")
def transfers_group() -> None:
    """Cross-region reads of personal data and their safeguards."""


@transfers_group.command("report")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count transfers from this day on (UTC), e.g. 2026-01-01.")
@click.option("--format", "fmt", type=_FORMAT, default="md", show_default=True)
def transfers_report(since: datetime | None, fmt: str) -> None:
    """Transfer counts by from/to region, safeguard and data category."""
    from gateway.cli import _settings, _with_db
    from gateway.privacy import transfers

    start = since.replace(tzinfo=UTC) if since else None
    lines = _with_db(_settings(), lambda: transfers.report(start))
    if fmt == "json":
        click.echo(json.dumps({"since": start.date().isoformat() if start else None,
                               "lines": [asdict(line) for line in lines],
                               "total": sum(line.count for line in lines)}, indent=2))
        return
    heading = f"since {start.date().isoformat()}" if start else "all time"
    click.echo(f"# Transfers ({heading})\n")
    click.echo("| from | to | safeguard | category | transfers |")
    click.echo("| --- | --- | --- | --- | --- |")
    for line in lines:
        click.echo(f"| {line.from_region} | {line.to_region} | {line.safeguard} | "
                   f"{line.category} | {line.count} |")
    if not lines:
        click.echo("\nNo transfers recorded.")


PRIVACY_COMMANDS: tuple[click.Command, ...] = (datamap_command, transfers_group)
