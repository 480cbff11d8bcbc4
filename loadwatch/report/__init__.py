"""loadwatch.report: being built (see its issue)."""
