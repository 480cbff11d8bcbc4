"""The ``loadwatch`` command: one module per command group, all parsing and printing.

No computation lives here: each command calls the package and prints what it returns.
"""
