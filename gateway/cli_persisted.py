"""``sellergate persisted-queries``: build and check the allow-list of operations.

Each ``.graphql`` file holds one operation (and the fragments it uses); its id is the SHA-256 of
the file's text, stripped of surrounding blank space, which is what the client must send.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["persisted_queries_group"]


def _operation_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.graphql")) if path.is_dir() else [path]
    return files


def _describe(body: str, source: Path) -> dict[str, str]:
    """name, type and body of the one operation in ``body``; refuses an invalid document."""
    from graphql import GraphQLError, OperationDefinitionNode, parse, validate

    from schema.schema import schema

    try:
        document = parse(body)
    except GraphQLError as exc:
        raise click.ClickException(f"{source}: {exc.message}") from exc
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise click.ClickException(f"{source}: one operation per file, found {len(operations)}")
    errors = validate(schema._schema, document)
    if errors:
        raise click.ClickException(f"{source}: {errors[0].message}")
    operation = operations[0]
    name = operation.name.value if operation.name else source.stem
    return {"name": name, "type": operation.operation.value, "body": body}


@click.group("persisted-queries")
def persisted_queries_group() -> None:
    """The allow-list of operations for SELLERGATE_PERSISTED_QUERIES=allowlist."""


@persisted_queries_group.command("build")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The manifest to write (SELLERGATE_PERSISTED_QUERIES_FILE).")
def build(paths: tuple[Path, ...], output: Path) -> None:
    """Validate the operations of PATHS (.graphql files or folders) against the live schema and
    write them as a persisted-query manifest."""
    from gateway.http.persisted import write_manifest

    operations = [_describe(path.read_text().strip(), path) for path in _operation_files(paths)]
    if not operations:
        raise click.ClickException("no .graphql files found")
    write_manifest(output, operations)
    click.echo(f"wrote {len(operations)} operations to {output}")


@persisted_queries_group.command("check")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(manifest: Path) -> None:
    """Check that every operation of MANIFEST still validates against the live schema."""
    from gateway.http.persisted import load_manifest

    try:
        allowed = load_manifest(manifest)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    for digest, body in allowed.items():
        _describe(body, Path(f"{manifest}#{digest[:12]}"))
    click.echo(f"{len(allowed)} operations valid")
