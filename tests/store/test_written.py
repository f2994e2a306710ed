"""What a batch wrote, kept aside for the dumps: the last write of each graph."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fonds.store.written import WrittenGraphs


def test_the_last_write_of_a_graph_is_the_one_kept(tmp_path: Path) -> None:
    written = WrittenGraphs(tmp_path / "written.partial")
    written.keep("urn:g:1", b'<urn:a> <urn:p> "first" .\n')
    written.keep("urn:g:2", b'<urn:b> <urn:p> "other" .\n')
    written.keep("urn:g:1", b'<urn:a> <urn:p> "second" .\n')

    assert written("urn:g:1") == b'<urn:a> <urn:p> "second" .\n'
    assert written("urn:g:2") == b'<urn:b> <urn:p> "other" .\n'
    assert written("urn:g:3") is None  # not written by this batch: read from the store


def test_a_removed_graph_is_forgotten(tmp_path: Path) -> None:
    written = WrittenGraphs(tmp_path / "written.partial")
    written.keep("urn:g:1", b"<urn:a> <urn:p> <urn:o> .\n")

    written.forget("urn:g:1")
    written.forget("urn:g:never-written")

    assert written("urn:g:1") is None


def test_graphs_are_kept_compressed_and_read_from_several_threads(tmp_path: Path) -> None:
    written = WrittenGraphs(tmp_path / "written.partial")
    graphs = {
        f"urn:g:{n}": b"".join(b'<urn:s%d> <urn:p> "line %d" .\n' % (n, i) for i in range(500))
        for n in range(200)
    }
    for name, data in graphs.items():
        written.keep(name, data)

    with ThreadPoolExecutor(4) as pool:
        read = dict(zip(graphs, pool.map(written, graphs), strict=True))

    assert read == graphs
    kept = (tmp_path / "written.partial").stat().st_size
    assert kept * 5 < sum(map(len, graphs.values()))


def test_closing_deletes_the_scratch_file(tmp_path: Path) -> None:
    written = WrittenGraphs(tmp_path / "written.partial")
    written.keep("urn:g:1", b"<urn:a> <urn:p> <urn:o> .\n")

    written.close()
    written.close()  # closing again does no harm

    assert not (tmp_path / "written.partial").exists()
