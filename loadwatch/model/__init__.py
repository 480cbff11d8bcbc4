"""loadwatch.model: being built (see its issue)."""
