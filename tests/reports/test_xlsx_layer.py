"""The generated workbooks' xlsx layer (footprint.xlsx), read back with openpyxl:
values exact, formats, frozen header, autofilter, widths, charts, text never a formula."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from footprint import xlsx
from footprint.labels import worded_frame
from footprint.xlsx import DATE_FORMATS, NUMBER_FORMAT, SHARE_FORMAT, Book, bold, number


def test_a_table_round_trips_through_openpyxl(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "device_id": [1, 2, 3],
            "name": pd.array(['=HYPERLINK("http://x")', "a < b & c\x07", None], dtype="str"),
            "gwp_total": [1234.5678, np.nan, -0.000012],
            "purchase_date": pd.to_datetime(["2021-03-04", None, "1999-12-31"]),
            "classified": [True, False, True],
            "status": pd.Categorical(["in_service", "retired", "in_service"]),
        }
    )
    path = tmp_path / "t.xlsx"
    book = Book(path)
    cover = book.sheet("Couverture")
    cover.append([bold("Titre"), number(0.25, share=True), "=1+1"])
    book.table("Équipements", frame, {"device_id": "text"})
    book.close()

    wb = load_workbook(path)
    assert wb.sheetnames == ["Couverture", "Équipements"]
    assert wb["Couverture"]["A1"].font.b
    assert wb["Couverture"]["B1"].number_format == SHARE_FORMAT
    assert wb["Couverture"]["C1"].value == "=1+1" and wb["Couverture"]["C1"].data_type == "s"
    sheet = wb["Équipements"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"
    assert sheet.max_row == 4 and sheet.max_column == 6
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert [r[1] for r in rows[1:]] == ['=HYPERLINK("http://x")', "a < b & c", None]
    assert sheet["B2"].data_type == "s"
    assert rows[1][2] == pytest.approx(1234.5678) and rows[2][2] is None
    assert rows[3][2] == pytest.approx(-0.000012)
    assert sheet["C2"].number_format == NUMBER_FORMAT
    assert rows[1][3] == datetime(2021, 3, 4) and rows[2][3] is None
    assert rows[3][3] == datetime(1999, 12, 31) and sheet["D2"].number_format == DATE_FORMATS["fr"]
    assert [r[4] for r in rows[1:]] == [True, False, True]
    assert [r[5] for r in rows[1:]] == ["in_service", "retired", "in_service"]
    assert rows[1][0] == 1  # a number whatever the style the caller named
    assert sheet.column_dimensions["B"].width >= len('=HYPERLINK("http://x")')


def test_an_empty_table_is_just_its_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    book = Book(path)
    book.table("Vide", pd.DataFrame({"a": pd.Series([], dtype="float64")}))
    book.close()
    assert list(load_workbook(path)["Vide"].iter_rows(values_only=True)) == [("a",)]


def test_text_read_from_the_database_in_several_blocks(tmp_path: Path) -> None:
    """A text column backed by several Arrow chunks (PostgreSQL's COPY parsed in
    blocks) is written like any other (it raised a TypeError on the footprint xlsx)."""
    import pyarrow as pa

    chunked = pa.chunked_array([["Latitude", None], ["Élite <8>"]], type=pa.large_string())
    frame = pd.DataFrame({"model": pd.Series(pd.arrays.ArrowExtensionArray(chunked))})
    path = tmp_path / "blocks.xlsx"
    book = Book(path)
    book.table("Modèles", frame)
    book.close()
    rows = list(load_workbook(path)["Modèles"].iter_rows(values_only=True))
    assert rows == [("model",), ("Latitude",), (None,), ("Élite <8>",)]


def test_rows_laid_out_in_several_chunks_keep_their_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunk by chunk, empty cells skipped in place and markup escaped only in the
    chunks that hold some (the others are written as they are); the sheet deflated
    by ISA-L is a sound zip member."""
    monkeypatch.setattr(xlsx, "CHUNK_ROWS", 2)
    names = ["plain", None, "also plain", "x < y & z", None]
    frame = pd.DataFrame(
        {
            "name": pd.array(names, dtype="str"),
            "kwh": [1.5, np.nan, 3.0, np.nan, 5.25],
            "classified": [False, True, False, True, False],
        }
    )
    path = tmp_path / "chunks.xlsx"
    book = Book(path)
    book.table("Équipements", frame)
    book.close()

    sheet = load_workbook(path)["Équipements"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == names
    assert [r[1] for r in rows] == [1.5, None, 3.0, None, 5.25]
    assert [r[2] for r in rows] == [False, True, False, True, False]
    assert sheet["B6"].number_format == NUMBER_FORMAT
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        assert member.compress_type == zipfile.ZIP_DEFLATED
        assert member.compress_size < member.file_size


def test_worded_frame_words_each_code_in_place() -> None:
    """Codes worded row by row from categorical and text columns, a missing code
    left missing, an unknown one kept as it is, other columns untouched."""
    frame = pd.DataFrame(
        {
            "status": pd.Categorical(["retired", None, "in_service", "retired"]),
            "acquisition": pd.array(["refurbished", "new", None, "leased-ish"], dtype="str"),
            "quantity": [1, 2, 3, 4],
        }
    )
    before = frame.copy(deep=True)
    worded = worded_frame(frame, "fr")
    pd.testing.assert_frame_equal(frame, before)  # a shallow copy: the frame never changes
    assert list(worded.columns) == ["Statut", "Acquisition", "Quantité"]
    assert worded["Statut"].tolist()[::2] == ["retiré", "en service"]
    assert worded["Statut"].isna().tolist() == [False, True, False, False]
    assert worded["Statut"].iloc[3] == "retiré"
    assert worded["Acquisition"].iloc[[0, 1, 3]].tolist() == ["reconditionné", "neuf", "leased-ish"]
    assert pd.isna(worded["Acquisition"].iloc[2])
    assert worded["Quantité"].tolist() == [1, 2, 3, 4]
    assert worded_frame(frame, "en")["Status"].iloc[0] == "retired"
