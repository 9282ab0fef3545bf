"""The database: schema and migrations, queries, workbook import and export."""

from storage.database import Database, audit

__all__ = ["Database", "audit"]
