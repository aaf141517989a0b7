"""An export's archive left by a failure is closed at once, not by the garbage collector after
its file (``export_subject`` abandons it when writing fails; a re-run starts the file over)."""

from __future__ import annotations

import gc
import sys
import zipfile
from pathlib import Path
from typing import Any

from gateway.privacy import export


def test_an_abandoned_archive_is_closed_before_its_file(tmp_path: Path) -> None:
    seen: list[Any] = []
    previous, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        for open_table in (True, False):
            path = tmp_path / f"export-{open_table}.zip.partial"
            with path.open("wb") as target:
                archive = export._Archive(target)
                archive.json_value("account.json", {"id": "a"})
                if open_table:  # failed while a table's entries were being written
                    table = archive.open_table("orders", ["id", "number"])
                    table.add({"id": 1, "number": "#1"})
                archive.abandon()
                archive.abandon()  # twice is harmless
            del archive
            if open_table:
                del table
            gc.collect()
            # Closed whole: what was written so far is a readable ZIP.
            with zipfile.ZipFile(path) as written:
                assert "account.json" in written.namelist()
    finally:
        sys.unraisablehook = previous
    assert [str(report.exc_value) for report in seen] == []
