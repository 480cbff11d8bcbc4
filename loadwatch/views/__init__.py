"""Stage 5, views: the tables every face shows (team overview, athlete page, watch list,
terminal text), with coach/therapist privacy applied.

May import: the floor and every stage below it (ingest, series, risk, synthetic, model).
Never the store or a face.
"""
