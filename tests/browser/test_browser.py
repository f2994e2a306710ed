"""A historian's first minutes, in a real headless Chromium against a real `fonds serve`.

Chromium is Debian's (/usr/bin/chromium, installed by .ci/run); Playwright drives it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import running_server

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("FONDS_TEST_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server({"FONDS_STORE": str(tmp_path_factory.mktemp("browser") / "store")}) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: .ci/run installs Debian's chromium")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.errors = errors
    yield tab
    context.close()


def test_find_every_document_that_mentions_molotov(page: object, site: str) -> None:
    page.goto(site + "/")
    page.get_by_label("Search titles, summaries and texts").fill("Molotov")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/documents?q=Molotov")
    assert page.get_by_role("heading", name="1 document").is_visible()
    page.get_by_role("link", name="Cable Telegram no. 59363").first.click()
    assert "Kovalev to Stalin" in page.title()


def test_follow_a_facet_then_open_the_cable(page: object, site: str) -> None:
    page.goto(site + "/documents")
    people = page.get_by_role("region", name="People")
    people.get_by_role("link", name="Vyacheslav Molotov").click()
    assert page.get_by_text("Vyacheslav Molotov ✕ remove").count() == 1 or "person=" in page.url
    assert page.get_by_role("heading", name="1 document").is_visible()
    page.get_by_role("link", name="Show this as SPARQL").click()
    assert page.locator("table tr").count() >= 2  # the query's result table


def test_click_a_highlighted_name_in_the_cable(page: object, site: str) -> None:
    page.goto(site + "/text/wcda-208256")
    mention = page.locator("mark.mention a", has_text="SYNGMAN RHEE")
    assert mention.count() == 1
    mention.click()
    page.wait_for_url("**/person/syngman-rhee")
    assert page.get_by_role("heading", name="Syngman Rhee", exact=True).is_visible()
    assert page.get_by_text("Documents that name this person (1)").is_visible()


def test_run_an_example_query_and_read_its_table(page: object, site: str) -> None:
    page.goto(site + "/queries")
    example = page.locator('[id="01-documents-mentioning-molotov"]')
    example.get_by_role("link", name="Run").click()
    cells = page.locator("table td")
    assert "Cable Telegram no. 59363" in " ".join(cells.all_inner_texts())
    assert page.get_by_role("link", name="CSV").count() == 1


def test_the_editor_runs_a_query_offline(page: object, site: str) -> None:
    page.goto(site + "/sparql/editor")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr table, .yasr .dataTable", timeout=15000)
    assert "wcda-208256" in page.locator(".yasr").inner_text()
    assert not [e for e in page.errors if "Content Security Policy" in e]


def test_pages_work_without_javascript_and_on_a_phone(browser: object, site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(site + "/documents?q=Seoul")
    assert tab.get_by_role("heading", name="1 document").is_visible()
    tab.goto(site + "/text/wcda-208256")
    assert tab.get_by_role("main").is_visible()
    tab.keyboard.press("Tab")  # the first stop is the skip link
    assert tab.locator(".skip").count() == 1
    context.close()


def test_the_api_page_loads_from_the_package(page: object, site: str) -> None:
    page.goto(site + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path", has_text="/reconcile").count() >= 1
    assert not [e for e in page.errors if "Content Security Policy" in e]
