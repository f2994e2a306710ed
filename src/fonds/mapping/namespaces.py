"""The namespaces Fonds writes, and the prefixes used when serializing."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD


class Terms(Namespace):
    """A Namespace that makes each of its terms once.

    rdflib's makes a new URIRef on every `CRM.P1_is_identified_by`, and mapping one
    document looks up about a thousand of them.
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by ordinary lookup from now on
        return term


CRM = Terms("http://www.cidoc-crm.org/cidoc-crm/")
RICO = Terms("https://www.ica.org/standards/RiC/ontology#")
RST = Terms("https://www.ica.org/standards/RiC/vocabularies/recordSetTypes#")
LA = Terms("https://linked.art/ns/terms/")
AAT = Terms("http://vocab.getty.edu/aat/")
EDTF = Terms("http://id.loc.gov/datatypes/edtf/")
WD = Terms("http://www.wikidata.org/entity/")
ISO639_2 = Terms("http://id.loc.gov/vocabulary/iso639-2/")
SH = Terms("http://www.w3.org/ns/shacl#")
OA = Terms("http://www.w3.org/ns/oa#")
# Fonds's own terms, for what no standard vocabulary says (ontology/fonds-ns.ttl).
FONDS = Terms("https://w3id.org/fonds/ns#")

# Getty AAT terms named in the modelling guide (verified there).
PRIMARY_NAME = AAT["300404670"]
ALTERNATE_NAME = AAT["300264273"]
PSEUDONYM = AAT["300404657"]
SUMMARY = AAT["300026032"]
CITATION = AAT["300311705"]
PUBLISHING = AAT["300054686"]
BRIEF_TEXT = AAT["300418049"]

PREFIXES = {
    "crm": str(CRM),
    "rico": str(RICO),
    "rst": str(RST),
    "la": str(LA),
    "aat": str(AAT),
    "edtf": str(EDTF),
    "wd": str(WD),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": "http://www.w3.org/2002/07/owl#",
    "oa": str(OA),
    "fonds": str(FONDS),
}

__all__ = [
    "AAT",
    "CRM",
    "DCTERMS",
    "EDTF",
    "FONDS",
    "ISO639_2",
    "LA",
    "OA",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RICO",
    "RST",
    "SH",
    "SKOS",
    "WD",
    "XSD",
]
