"""Read document records from the archive's exports into `Record` values."""

from fonds.records.model import Record
from fonds.records.read import read, read_paths

__all__ = ["Record", "read", "read_paths"]
