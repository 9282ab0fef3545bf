"""Every sentence a person reads, in one place.

Plain, short Vietnamese with correct diacritics; the answer first. Keeping the
wording together lets it be reviewed as a whole (by someone who talks with
older people every day) and changed without touching logic. Placeholders are
``str.format`` fields; markup is the small HTML subset every channel adapter
understands (``<b>`` only), so values must be escaped by the caller.
"""

# ---------------------------------------------------------------- workbook import
# (filled by the importer section below)
