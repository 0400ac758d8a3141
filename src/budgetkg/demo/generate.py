"""Write a fictional district as disclosures, without running the pipeline: the input of the
validation and query benchmarks (1,000 department-years: 334 departments × 3 years), optionally
with planted defects and their truth file.

    python -m budgetkg.demo.generate DIRECTORY --departments 334 [--years 2024,2025,2026] [--seed 7]
        [--layout national-2020] [--format txt] [--rate 0 --per-document 3]
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .defects import TRUTH, write_defective_district
from .render import DEFAULT_LAYOUT, FORMATS, LAYOUTS
from .run import write_district


def write_set(directory: Path, departments: int, years: tuple[int, ...], seed: int, layout: str, extension: str,
              rate: float = 0.0, per_document: int = 3) -> list[Path]:
    """The district's disclosures in `directory`; with a defect rate, the truth file beside them."""
    if rate:
        files, _ = write_defective_district(directory, departments, years, seed, rate, per_document, layout, (extension,))
        return files
    return write_district(directory, departments, years, seed, (layout,), (extension,))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--departments", default=334, show_default=True, help="Departments (行政 units first, then 事业 units).")
@click.option("--years", default="2024,2025,2026", show_default=True, help="Consecutive years, comma-separated.")
@click.option("--seed", default=7, show_default=True)
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default=DEFAULT_LAYOUT, show_default=True)
@click.option("--format", "extension", type=click.Choice(sorted(FORMATS)), default="txt", show_default=True)
@click.option("--rate", default=0.0, show_default=True, help=f"Share of disclosures with planted defects ({TRUTH}).")
@click.option("--per-document", default=3, show_default=True, help="At most this many defects in one disclosure.")
def main(directory: Path, departments: int, years: str, seed: int, layout: str, extension: str, rate: float,
         per_document: int) -> None:
    """Write the district's disclosures into DIRECTORY."""
    start = time.perf_counter()
    files = write_set(directory, departments, tuple(int(y) for y in years.split(",")), seed, layout, extension,
                      rate, per_document)
    click.echo(f"{len(files)} disclosures written to {directory} in {time.perf_counter() - start:.1f} s", err=True)


if __name__ == "__main__":
    main()
