"""loadwatch.store: being built (see its issue)."""
