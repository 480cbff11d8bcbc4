"""The version of loadwatch (floor: imported by anything that records it)."""

__version__ = "0.1.0"
