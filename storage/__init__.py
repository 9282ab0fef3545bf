"""The database: schema and migrations, queries, workbook import and export."""

from storage.database import Database, DatabaseUnusable, audit

__all__ = ["Database", "DatabaseUnusable", "audit"]
