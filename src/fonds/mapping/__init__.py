"""Map records to RDF: CIDOC-CRM, Linked Art, RiC-O, Dublin Core and PROV-O."""

from fonds.mapping.document import DocumentGraphs, to_graphs

__all__ = ["DocumentGraphs", "to_graphs"]
