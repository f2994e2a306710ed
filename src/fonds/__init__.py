"""Fonds: publish historical archive records as validated linked open data."""

__version__ = "0.1.0"
