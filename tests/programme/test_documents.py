"""The report as a commune files it: the workbook holds the JSON's figures, the
PDF (A4, fonts embedded) reads back with the club, the period and each target."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pypdf
import pytest
from reportlab.lib.pagesizes import A4

from bot.cli import main
from club import texts
from club.programme import parse_period
from storage.importer import import_workbook

from .conftest import NOW, PROGRAMME


def _config(tmp_path: Path, database: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{database}"\n', encoding="utf-8")
    return config


def _report(tmp_path: Path, config: Path, *args: str) -> dict:
    out = tmp_path / "report.json"
    assert main(["--config", str(config), "report", *args, "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
                    .split())


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_the_workbook_holds_the_same_figures(tmp_path, programme_file, period):
    config = _config(tmp_path, programme_file)
    report = _report(tmp_path, config, "--period", period)
    path = tmp_path / "report.xlsx"
    assert main(["--config", str(config), "report", "--period", period, "--format", "xlsx",
                 "--out", str(path), "--by", "Đỗ Thị Liên"]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Bìa", "Số liệu", "Chỉ tiêu"]
    cover = {row[0]: row[1] for row in book["Bìa"].iter_rows(min_row=3, values_only=True)
             if row[0]}
    assert cover["Câu lạc bộ"] == report["club"]
    assert cover["Kỳ báo cáo"] == parse_period(period).title
    assert cover["Người lập"] == "Đỗ Thị Liên"
    shown = {row[0]: row[1] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    for part, key, label, _ in texts.REPORT_FIGURES:
        assert shown[label] == report[part][key], label
    for area, count in report["meetings"]["areas"].items():
        assert shown[texts.REPORT_DOC_AREA.format(
            number=area, name=texts.AREA_NAMES[int(area)])] == count
    marks = {row[0]: row[3] for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    assert marks == {i["label"]: "✅ Đạt" if i["met"] else "❌ Chưa đạt"
                     for i in report["indicators"]}


def test_the_pdf_reads_back_in_vietnamese(tmp_path, programme_file):
    config = _config(tmp_path, programme_file)
    report = _report(tmp_path, config, "--period", "2026-H1")
    path = tmp_path / "report.pdf"
    assert main(["--config", str(config), "report", "--period", "2026-H1", "--format", "pdf",
                 "--out", str(path)]) == 0
    text = _pdf_text(path)
    assert report["club"] in text
    assert "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)" in text
    for indicator in report["indicators"]:
        assert indicator["label"] in text
    assert "109.139.833 đ" in text and "21,7%" in text
    assert "Đỗ Thị Liên (Thư ký)" in text  # the secretary signs by default
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 3  # the figures, then a page of charts
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (
        round(A4[0]), round(A4[1]))
    # Every font is embedded (a TrueType subset), and the charts are images.
    fonts = [f.get_object() for page in reader.pages
             for f in page["/Resources"].get("/Font", {}).values()]
    def descriptor(font):
        if "/FontDescriptor" in font:
            return font["/FontDescriptor"]
        return font["/DescendantFonts"][0].get_object()["/FontDescriptor"]

    assert fonts and all("/FontFile2" in descriptor(f) for f in fonts), fonts
    assert sum(len(page.images) for page in reader.pages) == 4


async def test_a_commune_report_as_documents(tmp_path, edge_db):
    from storage.programme.documents import write_pdf, write_xlsx
    from storage.programme.report import commune_report

    await import_workbook(edge_db, PROGRAMME, actor="test", now=NOW)
    report = await commune_report(edge_db.fetchall, parse_period("2026-H1"), "Xã Tân Lập")
    xlsx, pdf = tmp_path / "xa.xlsx", tmp_path / "xa.pdf"
    write_xlsx(report, xlsx, made_by="Cán bộ Hội NCT xã", made_on=NOW.date())
    write_pdf(report, pdf, made_by="Cán bộ Hội NCT xã", made_on=NOW.date())
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Bìa", "Các CLB", "Số liệu", "Chỉ tiêu"]
    rows = list(book["Các CLB"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["CLB Bờ Rìa", "CLB Liên thế hệ tự giúp nhau thôn Đông Hòa",
                                    "Cộng"]
    assert rows[-1][2] == 3 + 60  # members, added up
    targets = {r[0]: (r[1], r[2]) for r in book["Chỉ tiêu"].iter_rows(min_row=2,
                                                                     values_only=True)}
    assert targets[texts.INDICATOR_LABELS["fund"]] == (1, 2)
    text = _pdf_text(pdf)
    assert "CLB Bờ Rìa" in text and "Xã Tân Lập" in text
    for label in texts.INDICATOR_LABELS.values():
        assert label in text
