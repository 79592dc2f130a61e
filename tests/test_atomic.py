"""Atomic writes (dti_kit._util.atomic): one file whole or as it was; a command's several files
(a folder of forms, a table's CSVs and workbook) all new or all as they were, whatever fails
in between. The brief: "files are written atomically", "nothing half-written"."""
from __future__ import annotations

import errno

import pytest

from dti_kit._util.atomic import all_or_nothing, atomic_path, write_bytes, write_text
from dti_kit.errors import WriteFailed


def _everything(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_set_replaces_its_targets_together_when_the_block_succeeds(tmp_path):
    (tmp_path / "a.csv").write_text("old a", encoding="utf-8")
    with all_or_nothing():
        write_text(tmp_path / "a.csv", "new a")
        write_bytes(tmp_path / "sub" / "b.xlsx", b"new b")
        # not at their targets before the block ends: a reader never sees half the set
        assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "old a"
        assert not (tmp_path / "sub" / "b.xlsx").exists()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "new a"
    assert (tmp_path / "sub" / "b.xlsx").read_bytes() == b"new b"
    assert _everything(tmp_path) == ["a.csv", "sub", "sub/b.xlsx"]  # no temporary file left


def test_a_failure_in_the_block_leaves_every_target_as_it_was_and_takes_back_new_folders(tmp_path):
    (tmp_path / "a.csv").write_text("old a", encoding="utf-8")
    (tmp_path / "kept").mkdir()
    with pytest.raises(OSError, match="full"):
        with all_or_nothing():
            write_text(tmp_path / "a.csv", "new a")
            write_text(tmp_path / "new" / "deeper" / "b.csv", "new b")
            write_text(tmp_path / "kept" / "c.csv", "new c")
            with all_or_nothing():  # a nested block is part of the outer set
                write_text(tmp_path / "new" / "d.csv", "new d")
            raise OSError(errno.ENOSPC, "the disk is full")
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "old a"
    assert _everything(tmp_path) == ["a.csv", "kept"]  # the folders it made are gone, the one it found stays


def test_outside_a_set_each_write_replaces_its_target_at_once(tmp_path):
    write_text(tmp_path / "a.csv", "1")
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "1"
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "a.csv") as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("cut short")
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "1" and _everything(tmp_path) == ["a.csv"]


def test_a_failed_write_names_the_file_meant_not_its_temporary_file(tmp_path):
    target = tmp_path / "scores.csv"
    with pytest.raises(WriteFailed) as caught:
        with atomic_path(target) as tmp:
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert isinstance(caught.value, OSError)  # code catching OSError still catches it
    assert _everything(tmp_path) == []


def test_reconciliation_outputs_are_all_new_or_all_as_they_were(tmp_path, monkeypatch):
    """The workbook of items to explain is written last: when it fails (a full disk), the
    three CSVs written before it stay the last good ones."""
    from test_reconcile import bac_kan_long

    import dti_kit.reconcile.report as report
    from dti_kit import load_design
    from dti_kit.reconcile.core import reconcile

    rec = reconcile(load_design("bac-kan-2022-huyen"), bac_kan_long())
    paths = report.write_outputs(rec, tmp_path / "rec.csv")
    good = {p.name: p.read_bytes() for p in paths}
    rec2 = reconcile(load_design("bac-kan-2022-huyen"), bac_kan_long(), tolerance=5.0)
    assert report.csv_text(rec2.table()).encode() != good["rec.csv"]  # the second run would change the items CSV

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "rec_to_explain.xlsx"))

    monkeypatch.setattr(report, "write_explain_workbook", full)
    with pytest.raises(OSError):
        report.write_outputs(rec2, tmp_path / "rec.csv")
    assert {p.name: p.read_bytes() for p in paths} == good
    assert _everything(tmp_path) == sorted(good)


def test_a_replacement_that_fails_midway_puts_back_the_targets_already_replaced(tmp_path):
    """The set is committed file by file: when the second target cannot be replaced (a folder
    stands where the file goes; on a shared drive, a form kept open), the first gets its earlier
    file back, the third is never written, and the failure names the second."""
    (tmp_path / "a.xlsx").write_bytes(b"filled a")
    (tmp_path / "b.xlsx").mkdir()
    with pytest.raises(WriteFailed) as caught:
        with all_or_nothing():
            write_bytes(tmp_path / "a.xlsx", b"blank a")
            write_bytes(tmp_path / "b.xlsx", b"blank b")
            write_bytes(tmp_path / "c.xlsx", b"blank c")
    assert caught.value.filename == str(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == b"filled a"
    assert _everything(tmp_path) == ["a.xlsx", "b.xlsx"]  # no new file, no temporary or kept copy


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(WriteFailed) as caught:
        write_text(tmp_path / "afile" / "sub" / "s.csv", "1")
    assert caught.value.filename == str(tmp_path / "afile" / "sub") and caught.value.strerror == "Not a directory"
