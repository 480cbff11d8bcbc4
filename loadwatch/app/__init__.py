"""The faces: the service (the one door that checks role and team), accounts and sign-in,
seeding the demo store, and every command of the ``loadwatch`` CLI (:mod:`loadwatch.app.cli`).

May import: everything in loadwatch. Nothing in loadwatch imports it; the dashboard
(``dashboards/``) imports only this package and the curated API in :mod:`loadwatch`.
"""
