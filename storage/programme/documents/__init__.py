"""The report as documents: the workbook (``xlsx``) and the A4 PDF with charts
(``pdf``, ``charts``); ``common`` holds what both show."""

from storage.programme.documents.pdf import write_pdf
from storage.programme.documents.xlsx import write_xlsx

__all__ = ["write_pdf", "write_xlsx"]
