"""E52 Time-Spans: EDTF value and inclusive, zone-free bounds (modelling guide §5)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds.extract.dates import PartialDate
from fonds.mapping.namespaces import CRM, EDTF, XSD


def add_time_span(g: Graph, span: URIRef, date: PartialDate) -> None:
    """An E52 Time-Span with its EDTF value and inclusive, zone-free bounds."""
    g.add((span, RDF.type, CRM["E52_Time-Span"]))
    g.add((span, RDFS.label, Literal(date.display)))
    g.add((span, CRM.P170i_time_is_defined_by, Literal(date.edtf, datatype=EDTF.EDTF)))
    for prop, bound in (
        (CRM.P82a_begin_of_the_begin, date.begin),
        (CRM.P82b_end_of_the_end, date.end),
    ):
        g.add((span, prop, Literal(bound.strftime("%Y-%m-%dT%H:%M:%S"), datatype=XSD.dateTime)))
