"""Synthetic data, one place: the sample club, known-truth cohorts and the demo squad.

Everything here is generated reproducibly from a seed and describes made-up athletes only.
The sample club is built by the ``club_*`` modules (one job each) and written by
:mod:`loadwatch.synthetic.club`, which keeps every public name importable.

May import: the floor, :mod:`loadwatch.ingest`, :mod:`loadwatch.series`.
"""
