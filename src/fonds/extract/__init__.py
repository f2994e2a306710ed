"""Extract structure from record text: dates, citations, identifiers, document types."""
