"""The gallery of example queries: one `.rq` file each in data/queries/.

A file starts with `# title:` and `# description:` comment lines; the rest is the query.
Each one is also a test: it must run and return rows on the bundled records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from fonds.errors import FondsError

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """One example query."""

    name: str
    title: str
    description: str
    text: str

    @property
    def run_href(self) -> str:
        """Runs the query and shows a table with labels."""
        return "/sparql?" + urlencode({"query": self.text, "format": "html"})

    @property
    def edit_href(self) -> str:
        """Opens the query in the editor."""
        return "/sparql/editor?" + urlencode({"query": self.text})


def load_examples(folder: Path) -> list[Example]:
    """The examples in `folder`, in file-name order."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(_HEADER.findall(text))
        if "title" not in header:
            raise FondsError(f"{path}: an example query starts with '# title: ...'")
        examples.append(
            Example(path.stem, header["title"].strip(), header.get("description", "").strip(), text)
        )
    return examples
