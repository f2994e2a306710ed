"""What the last ingest learnt of each record file, so that the next one need not read it.

A nightly re-run over 100,000 text files read and hashed every one of them to find the
few that changed (1.3-1.9 s). As git and rsync do, a file whose size, modification and
change times and inode are those it had when it was last hashed is taken to hold the same
bytes, and its fingerprint is taken from here without opening it.

    STORE/record-files.tsv
        fonds record files 1 <TAB> environment fingerprint
        size <TAB> mtime_ns <TAB> ctime_ns <TAB> inode <TAB> fingerprint <TAB> name

It is a cache: deleting it, or a line of it, costs one run the reading of those files.
Its fingerprints include the environment (Fonds's version, curated data, shapes), so a
file written under another environment is ignored. A file changed within MARGIN_NS of
being read is not remembered: on a file system with coarse timestamps, a second write in
the same tick as the first could leave its times as they were.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from fonds.files import replaced

FILE = "record-files.tsv"
HEADER = "fonds record files 1\t"
MARGIN_NS = 2_000_000_000
_LINE = re.compile(r"(\d+\t\d+\t\d+\t\d+)\t([0-9a-f]+)\t(.*)")

State = str
"""A file's size, modification time, change time and inode, as os.stat gives them: kept
as text and compared as read (at 100,000 files, parsing them as numbers doubled the
time to load what the last run saved, 0.2 to 0.4 s)."""


def state_of(status: os.stat_result) -> State:
    """What says a file was not changed since: its size, times and inode."""
    return f"{status.st_size}\t{status.st_mtime_ns}\t{status.st_ctime_ns}\t{status.st_ino}"


class KnownFiles:
    """Record files' fingerprints, valid while each file's state is the one recorded."""

    def __init__(self, environment: str, known: dict[str, tuple[State, str]] | None = None):
        self.environment = environment
        self.known = known or {}
        self.seen: dict[str, tuple[State, str]] = {}
        """What this run confirmed or learnt: all that the next run will know."""
        self.settled_before = time.time_ns() - MARGIN_NS

    @classmethod
    def load(cls, folder: Path | None, environment: str) -> KnownFiles:
        """What was saved in `folder`, if it was saved under the same environment."""
        try:
            data = (folder / FILE).read_bytes() if folder is not None else b""
        except OSError:
            data = b""
        # Names are the file system's bytes: undecodable ones round-trip as os.fsdecode's.
        header, _, body = data.decode("utf-8", "surrogateescape").partition("\n")
        if header != HEADER + environment:
            return cls(environment)
        entries = _LINE.findall(body)
        if len(entries) != body.count("\n"):
            return cls(environment)  # not written by this code: start afresh
        return cls(environment, {name: (state, digest) for state, digest, name in entries})

    def fingerprint(self, name: str, state: State) -> str | None:
        """The fingerprint of file `name` if it is unchanged since it was hashed."""
        entry = self.known.get(name)
        if entry is None or entry[0] != state:
            return None
        self.seen[name] = entry
        return entry[1]

    def note(self, name: str, state: State, fingerprint: str) -> None:
        """Remember the fingerprint of file `name`, read while it was in `state`."""
        _, mtime, ctime, _ = state.split("\t")
        if max(int(mtime), int(ctime)) < self.settled_before and "\n" not in name:
            self.seen[name] = (state, fingerprint)

    def save(self, folder: Path | None) -> None:
        """Write what this run saw into `folder`, replacing what the last run saved."""
        if folder is None:
            return
        lines = [HEADER + self.environment + "\n"]
        lines += [f"{state}\t{digest}\t{name}\n" for name, (state, digest) in self.seen.items()]
        try:
            with replaced(folder / FILE) as partial:
                partial.write_bytes("".join(lines).encode("utf-8", "surrogateescape"))
        except OSError:
            # A cache: a publication does not fail for want of it (the next run reads
            # every file instead), and a half-written one is never left to be read.
            pass
