"""`budgetkg export` never deletes what it did not write: it refuses a directory holding other
files, the current directory or a parent of it, and leaves the old contents whole when the
new export cannot be put in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.demo.run import BUNDLED
from budgetkg.publish.export import MANIFEST_FILE


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("export-store") / "store"
    result = CliRunner().invoke(main, ["load", str(BUNDLED / "00-2024.txt"), "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


def _export(store_dir, target) -> object:
    return CliRunner().invoke(main, ["export", str(target), "--store", str(store_dir)])


def _listing(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def _refused(result) -> None:
    assert result.exit_code == 2, result.stderr
    assert "[export-refused]" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_directory_with_other_files_is_refused_and_kept(store_dir, tmp_path):
    target = tmp_path / "mine"
    (target / "notes").mkdir(parents=True)
    (target / "thesis.txt").write_text("两年的工作", encoding="utf-8")
    (target / "notes" / "a.md").write_text("a", encoding="utf-8")
    before = _listing(target)
    _refused(_export(store_dir, target))
    assert _listing(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # nothing left beside it


@pytest.mark.parametrize("argument", [".", "a/b/../..", ".."])
def test_the_current_directory_or_a_parent_is_refused(store_dir, tmp_path, monkeypatch, argument):
    here = tmp_path / "work" / "here"
    (here / "a" / "b").mkdir(parents=True)
    (here / "keep.txt").write_text("keep", encoding="utf-8")
    (here.parent / "sibling.txt").write_text("sibling", encoding="utf-8")
    monkeypatch.chdir(here)
    _refused(_export(store_dir, argument))
    assert (here / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert (here.parent / "sibling.txt").read_text(encoding="utf-8") == "sibling"
    assert sorted(p.name for p in here.parent.iterdir()) == ["here", "sibling.txt"]


def test_a_previous_export_is_replaced_and_an_added_file_protects_it(store_dir, tmp_path):
    target = tmp_path / "dumps"
    target.mkdir()  # an empty directory is taken
    assert _export(store_dir, target).exit_code == 0
    first = _listing(target)
    assert MANIFEST_FILE in first and "all.nq" in first and "catalog.ttl" in first
    second = _export(store_dir, target)
    assert second.exit_code == 0, second.stderr
    assert _listing(target).keys() == first.keys()
    (target / "README.txt").write_text("mine", encoding="utf-8")
    _refused(_export(store_dir, target))
    assert (target / "README.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dumps"]


def test_the_store_itself_is_refused(store_dir):
    before = sorted(p.name for p in store_dir.parent.iterdir())
    _refused(_export(store_dir, store_dir.parent))
    assert sorted(p.name for p in store_dir.parent.iterdir()) == before
    assert (store_dir / "CURRENT").is_file()


def _failing_when_touching(target: Path, real):
    def replace(source, destination, *args, **kwargs):
        if Path(destination).resolve() == target.resolve() or Path(source).resolve() == target.resolve():
            raise PermissionError(13, "Permission denied", str(target))
        return real(source, destination, *args, **kwargs)
    return replace


def test_a_directory_that_cannot_be_replaced_keeps_its_previous_export(store_dir, tmp_path, monkeypatch):
    target = tmp_path / "dumps"
    assert _export(store_dir, target).exit_code == 0
    before = _listing(target)
    monkeypatch.setattr(os, "replace", _failing_when_touching(target, os.replace))
    monkeypatch.setattr(os, "rename", _failing_when_touching(target, os.rename))
    result = _export(store_dir, target)
    assert result.exit_code == 2, result.stderr
    assert "[export-failed]" in result.stderr and "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert _listing(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dumps"]


def test_a_read_only_parent_is_one_line(store_dir, tmp_path, monkeypatch):
    parent = tmp_path / "ro"
    parent.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: make writing beside the target fail as it would
        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr("tempfile.mkdtemp", denied)
    parent.chmod(0o555)
    try:
        result = _export(store_dir, parent / "dumps")
    finally:
        parent.chmod(0o755)
    assert result.exit_code == 2
    assert "[export-failed]" in result.stderr and "Traceback" not in result.stderr
    assert list(parent.iterdir()) == []


def test_missing_parents_are_made(store_dir, tmp_path):
    target = tmp_path / "new" / "deeper" / "dumps"
    assert _export(store_dir, target).exit_code == 0
    assert (target / MANIFEST_FILE).is_file() and sorted(p.name for p in target.parent.iterdir()) == ["dumps"]
