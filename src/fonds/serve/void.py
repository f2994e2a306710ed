"""Self-description: VoID and DCAT for the dataset, a SPARQL 1.1 service description.

/.well-known/void   the dataset (VoID + DCAT): endpoint, dumps with media types, sizes,
                    statement counts and SHA-256 checksums, vocabularies, counts by kind
GET /sparql with Accept: text/turtle and no query: the service description
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from fonds import __version__
from fonds.mapping.namespaces import PREFIXES

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = ("crm", "rico", "la", "dcterms", "prov", "skos", "oa")
CLASSES = {
    "documents": "http://www.cidoc-crm.org/cidoc-crm/E31_Document",
    "person": "http://www.cidoc-crm.org/cidoc-crm/E21_Person",
    "place": "http://www.cidoc-crm.org/cidoc-crm/E53_Place",
    "organization": "http://www.cidoc-crm.org/cidoc-crm/E74_Group",
}


def dataset_description(
    root: str, base_iri: str, manifest: dict | None, counts: dict[str, int]
) -> Graph:
    """VoID and DCAT for the dataset served at `root` (the server's own URL)."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.bind("spdx", SPDX)
    dataset = URIRef(root + ".well-known/void#dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add(
        (
            dataset,
            DCTERMS.title,
            Literal("Fonds: archival documents as linked open data", lang="en"),
        )
    )
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Declassified archival documents (cables, telegrams, letters, memoranda) "
                "with the people, places and organizations they name, described with "
                "CIDOC-CRM, Linked Art, RiC-O, Dublin Core and PROV-O.",
                lang="en",
            ),
        )
    )
    g.add((dataset, FOAF.homepage, URIRef(root)))
    g.add((dataset, VOID.uriSpace, Literal(base_iri)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    g.add((dataset, DCTERMS.publisher, Literal(f"Fonds {__version__}")))
    for prefix in VOCABULARIES:
        g.add((dataset, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    if manifest:
        g.add((dataset, VOID.triples, Literal(manifest["quads"], datatype=XSD.integer)))
        if manifest.get("published"):
            g.add(
                (dataset, DCTERMS.modified, Literal(manifest["published"], datatype=XSD.dateTime))
            )
        for entry in manifest["files"]:
            _distribution(g, dataset, root, entry)
    service = URIRef(root + "sparql")
    distribution = URIRef(root + ".well-known/void#sparql")
    g.add((dataset, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.accessURL, service))
    g.add((distribution, DCAT.accessService, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    for kind, cls in CLASSES.items():
        if kind in counts:
            partition = URIRef(f"{root}.well-known/void#{kind}")
            g.add((dataset, VOID.classPartition, partition))
            g.add((partition, VOID["class"], URIRef(cls)))
            g.add((partition, VOID.entities, Literal(counts[kind], datatype=XSD.integer)))
    return g


def _distribution(g: Graph, dataset: URIRef, root: str, entry: dict) -> None:
    url = URIRef(root + "dumps/" + entry["name"])
    g.add((dataset, VOID.dataDump, url))
    g.add((dataset, DCAT.distribution, url))
    g.add((url, RDF.type, DCAT.Distribution))
    g.add((url, DCAT.downloadURL, url))
    g.add(
        (
            url,
            DCAT.mediaType,
            URIRef("https://www.iana.org/assignments/media-types/" + entry["media_type"]),
        )
    )
    if entry.get("content_media_type"):
        g.add(
            (
                url,
                DCAT.compressFormat,
                URIRef("https://www.iana.org/assignments/media-types/application/gzip"),
            )
        )
        g.add(
            (
                url,
                DCAT.packageFormat,
                URIRef(
                    "https://www.iana.org/assignments/media-types/" + entry["content_media_type"]
                ),
            )
        )
    g.add((url, DCAT.byteSize, Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)))
    g.add((url, VOID.triples, Literal(entry["statements"], datatype=XSD.integer)))
    if "sha256" not in entry:  # an uncompressed name: served by decompressing as it is sent
        return
    checksum = URIRef(str(url) + "#sha256")
    g.add((url, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary)))


def service_description(root: str, timeout: float) -> Graph:
    """The SPARQL 1.1 service description of /sparql."""
    g = Graph()
    g.bind("sd", SD)
    service = URIRef(root + "sparql")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset, union = URIRef(root + "sparql#dataset"), URIRef(root + "sparql#default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, union))
    g.add((union, RDF.type, SD.Graph))
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                "Read-only. The default graph is the union of all named graphs. Queries "
                f"stop after {timeout:g} s (503); SERVICE, LOAD and updates are refused (403); "
                "results larger than 256 MiB are refused, never truncated.",
                lang="en",
            ),
        )
    )
    return g
