"""A batch on all cores against one core: `budgetkg validate DIR`'s reading of a folder (every
document extracted and recognised, one process per file), timed with one worker and with all
cores in the same run, on the same files.

    python benchmarks/batch.py [DIR] [--workers N]
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from budgetkg.validate.batch import BatchProgress, expand, read_batch

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _cpu() -> float:
    """CPU seconds of this process and its finished workers."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(paths: list[str], workers: int) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, pages read, disclosures recognised."""
    start, cpu = time.perf_counter(), _cpu()
    batch = read_batch(paths, None, BatchProgress(len(paths), enabled=False), workers)
    return time.perf_counter() - start, _cpu() - cpu, batch.pages, len(batch.graphs)


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv and not argv[0].startswith("--") else DEFAULT_CORPUS
    cores = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else os.cpu_count() or 1
    paths = expand([str(folder)])
    one, one_cpu, pages, read = timed(paths, 1)
    many, many_cpu, _, _ = timed(paths, cores)
    print(f"{len(paths)} files ({read} disclosures recognised, {pages} pages read) in {folder}")
    print(f"1 worker:   {one:7.1f} s wall  {one_cpu:7.1f} s CPU  {pages / one:6.1f} pages/s")
    print(f"{cores} workers:  {many:7.1f} s wall  {many_cpu:7.1f} s CPU  {pages / many:6.1f} pages/s  "
          f"(CPU/wall {many_cpu / many:.2f}: cores busy at once)")
    print(f"speed-up: {one / many:.2f}x with {cores} workers (os.cpu_count() = {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.1f} before the run ends)")


if __name__ == "__main__":
    main(sys.argv[1:])
