"""The programme's report from the books: the figures (``figures``), and the
documents a commune files (``documents``: the workbook and the PDF)."""
