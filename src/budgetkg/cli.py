"""The `budgetkg` command."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .errors import BudgetkgError
from .ingest import read_document
from .recognise import Disclosure, recognise

EXIT_BAD_INPUT = 2


def _report_error(error: BudgetkgError) -> None:
    click.echo(f"budgetkg: error: {error.line()}", err=True)


def _progress(index: int, total: int, path: str, outcome: str) -> None:
    if total > 1:
        click.echo(f"[{index}/{total}] {path}: {outcome}", err=True)


def _write_atomically(target: Path, text: str) -> None:
    """Write the whole output or nothing: a half-written file never replaces a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def extract_all(paths: list[str]) -> tuple[list[Disclosure], list[BudgetkgError]]:
    """Read and recognise every file; a bad file is reported and the batch goes on."""
    disclosures, errors = [], []
    for index, path in enumerate(paths, 1):
        try:
            disclosure = recognise(read_document(path))
        except BudgetkgError as error:
            errors.append(error)
            _report_error(error)
            _progress(index, len(paths), path, f"failed [{error.code}]")
            continue
        disclosures.append(disclosure)
        cells = sum(len(t.amount_cells()) for t in disclosure.tables)
        _progress(index, len(paths), path, f"{len(disclosure.tables)} tables, {cells} figures ({disclosure.profile})")
    return disclosures, errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetkg")
def main() -> None:
    """budgetkg reads Chinese government budget and final-accounts disclosures (部门预算 /
    部门决算公开), turns their tables and narrative into data, and checks them against the
    disclosure rules.

    Exit codes: 0 success, 1 rule violations found (validate), 2 bad input.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (written whole or not at all).")
@click.option("--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True,
              help="json: the recognised disclosure (unit, year, profile, tables by role, rows with "
                   "codes and amounts, paragraphs) with the page and box of every figure.")
def extract(files: tuple[str, ...], output: Path | None, output_format: str) -> None:
    """Read disclosures (PDF or text) and print what was recognised.

    Each FILE is read on its own; a file that cannot be read is reported on standard error with
    its reason, the others are still processed, and the exit code is 2.
    """
    disclosures, errors = extract_all(list(files))
    if disclosures:
        text = json.dumps([d.as_dict() for d in disclosures], ensure_ascii=False, indent=2) + "\n"
        if output is None:
            click.echo(text, nl=False)
        else:
            _write_atomically(output, text)
    sys.exit(EXIT_BAD_INPUT if errors else 0)
