"""Synthetic data, one place: the sample club, known-truth cohorts and the demo squad.

Everything here is generated reproducibly from a seed and describes made-up athletes only.

May import: the floor, :mod:`loadwatch.ingest`, :mod:`loadwatch.series`.
"""
