"""The web front: SPARQL endpoint, resource pages, dumps."""

from fonds.serve.app import create_app

__all__ = ["create_app"]
