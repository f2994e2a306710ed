"""The example queries: each runs and returns rows on the bundled records."""

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from fonds.pipeline import Pipeline
from fonds.serve import create_app
from fonds.serve.queries import load_examples
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, ROOT

EXAMPLES = load_examples(ROOT / "data" / "queries")


@pytest.fixture(scope="module")
def stored(pipeline: Pipeline) -> Iterator[ox.Store]:
    store = open_store("memory:")
    pipeline.ingest([ROOT / "data" / "records"], store)
    yield store.snapshot()
    store.close()


def test_there_are_at_least_ten_examples_with_titles() -> None:
    assert len(EXAMPLES) >= 10
    assert all(e.title and e.description for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_each_example_returns_rows_on_the_bundled_data(stored: ox.Store, example) -> None:
    rows = list(stored.query(example.text, use_default_graph_as_union=True))
    assert rows, example.name


def test_the_gallery_and_the_editor_pages(tmp_path) -> None:
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE, query_workers=1)
    store = open_store(settings.store)
    Pipeline(settings).ingest([ROOT / "data" / "records"], store)
    with TestClient(create_app(settings, store)) as client:
        gallery = client.get("/queries").text
        assert "Every document that mentions Molotov" in gallery
        first = EXAMPLES[0]
        result = client.get(first.run_href)
        assert result.status_code == 200 and "Cable Telegram no. 59363" in result.text
        assert "download as" in result.text
        editor = client.get(first.edit_href)
        assert '<script src="/static/yasgui/yasgui.min.js">' in editor.text
        assert client.get("/static/yasgui/yasgui.min.js").status_code == 200
        assert client.get(f"/queries/{first.name}.rq").text == first.text
        assert client.get("/queries/nothing.rq").status_code == 404
