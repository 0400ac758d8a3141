"""Named-query latency over a store of generated disclosures.

Generates the demo district's 1,000-disclosure set (text, national layout), extracts and maps it
on all cores (benchmarks/generated.py), bulk-loads it into an embedded store, validates it there (the rule-findings query
reads the results) and compacts the store, then runs every named query of queries/ with its
default parameters (all units, all years) and prints the median of --repeat runs (at least 5).
Baseline, in the same run: the same queries over the first tenth of the set (a store of its own);
the ratio of the two medians shows how each query scales. Target: every median under 1 s at 1,000.

    python benchmarks/query.py [--disclosures 1000] [--repeat 5] [--keep DIR] [--reuse]

--keep DIR keeps the generated set and the stores (DIR/store-100, DIR/store-1000, with the build
times in DIR/store-N.json); --reuse then runs the queries again on the kept stores without
rebuilding them (the build times printed are those recorded when they were built).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from budgetkg.queries import named_queries, run_on_store
from budgetkg.store import Store
from budgetkg.validate import record_results, validate_stored
from generated import generated_quads

TARGET = 1.0  # seconds, at the full set


def build_store(quads: list[Path], directory: Path) -> tuple[Store, dict[str, float]]:
    timings = {}
    store = Store(directory)
    start = time.perf_counter()
    store.ensure_reference()
    store.bulk_load(quads)
    timings["load"] = time.perf_counter() - start
    start = time.perf_counter()
    record_results(store, validate_stored(store, store.disclosure_graphs()))
    timings["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    store.compact()
    timings["compact"] = time.perf_counter() - start
    return store, timings


def medians(store: Store, repeat: int) -> dict[str, tuple[float, int]]:
    """Each named query's median latency in seconds and its number of rows."""
    found = {}
    for named in named_queries():
        sparql = named.bind({})
        times, rows = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            rows = len(run_on_store(store, sparql)[1])
            times.append(time.perf_counter() - start)
        found[named.name] = (statistics.median(times), rows)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--disclosures", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (at least 5); the median is printed")
    parser.add_argument("--keep", type=Path, help="Keep the generated set and stores here.")
    parser.add_argument("--reuse", action="store_true", help="Query the stores kept in --keep DIR without rebuilding them.")
    options = parser.parse_args()
    if options.repeat < 5:
        parser.error("--repeat must be at least 5")
    if options.reuse and not options.keep:
        parser.error("--reuse needs --keep DIR")
    work = options.keep or Path(tempfile.mkdtemp(prefix="budgetkg-query-"))
    sizes = (options.disclosures // 10, options.disclosures)
    quads: list[Path] = []
    if not options.reuse:
        start = time.perf_counter()
        groups, triples = generated_quads(work / "texts", options.disclosures)
        quads = [path for group in groups for path in group]
        print(f"generated, extracted and mapped {len(quads)} disclosures ({triples:,} triples) "
              f"in {time.perf_counter() - start:.1f} s on all cores")
    results, builds = {}, {}
    for size in sizes:
        directory, record = work / f"store-{size}", work / f"store-{size}.json"
        if options.reuse:
            if not directory.is_dir():
                parser.error(f"no kept store {directory}")
            store = Store(directory)
            timings = json.loads(record.read_text()) if record.is_file() else {}
        else:
            store, timings = build_store(quads[:size], directory)
            record.write_text(json.dumps(timings))
        builds[size] = (timings, store.quad_count())
        results[size] = medians(store, options.repeat)
        store.close()

    small, large = sizes
    steps = list(next(iter(builds.values()))[0]) or ["load", "validate", "compact"]
    print(f"\nstore build{' (recorded when built)' if options.reuse else ''}")
    print(f"{'disclosures':>11} {'quads':>10} " + " ".join(f"{s:>16}" for s in steps))
    for size, (timings, quads) in builds.items():
        print(f"{size:>11} {quads:>10,} " + " ".join(
            f"{timings[s]:>14.1f} s" if s in timings else f"{'?':>16}" for s in steps))

    print(f"\nquery latency, default parameters, median of {options.repeat} runs")
    print(f"{'query':32} {'rows':>6} {f'median@{small}':>12} {f'median@{large}':>12} {'ratio':>6}")
    for name, (latency, rows) in results[large].items():
        baseline = results[small][name][0]
        flag = "" if latency < TARGET else "  over target"
        print(f"{name:32} {rows:>6} {baseline * 1000:>10.1f}ms {latency * 1000:>10.1f}ms {latency / baseline:>6.1f}{flag}")
    worst = max(results[large].items(), key=lambda item: item[1][0])
    over = sum(latency >= TARGET for latency, _ in results[large].values())
    print(f"\nslowest at {large}: {worst[0]} {worst[1][0]:.3f} s; {over} of {len(results[large])} over the target "
          f"(under {TARGET:.0f} s each)")


if __name__ == "__main__":
    main()
