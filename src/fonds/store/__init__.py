"""Where published graphs live: one `Store` interface, opened from a URL by `open_store`."""

from fonds.store.base import Batch, Store, open_store

__all__ = ["Batch", "Store", "open_store"]
