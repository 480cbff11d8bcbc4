"""Stage 1, ingest: files → validated canonical tables (spec §1–§2).

Readers (CSV/TSV/xlsx/Parquet), value parsing, row-numbered validation, the training log, the
side tables (roster, growth, symptom check-ins, clinician plans) and the injury log. Every
problem comes back with its spreadsheet row and reason; nothing is silently dropped.

May import: the floor (schema, vocab, errors, config, safety). Nothing else of loadwatch.
"""
