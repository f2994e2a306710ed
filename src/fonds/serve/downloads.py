"""The dumps as downloads: whole, by byte range, or decompressed as they are sent."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from fonds.serve.headers import last_modified, not_modified
from fonds.serve.problems import problem
from fonds.serve.ranges import Unsatisfiable, byte_range
from fonds.store.dumps import MANIFEST, Dump, dump_of, gunzipped, read_manifest


def dump_response(folder: Path | None, name: str, request: Request) -> Response:
    """One file of the published dumps, or their manifest, as `request` asks for it."""
    manifest = read_manifest(folder) if folder else None
    if folder is not None and manifest is not None and name == MANIFEST:
        return FileResponse(folder / MANIFEST, media_type="application/json")
    files = {f["name"]: f for f in (manifest or {}).get("files", [])}
    entry = files.get(name)
    kept = files.get(entry.get("gunzip", name)) if entry else None
    if folder is None or manifest is None or entry is None or kept is None:
        return problem(404, f"no dump called {name!r}; see /dumps/")
    if kept is entry:
        headers = {"ETag": f'"{entry["sha256"]}"', "Digest": f"sha-256={entry['sha256']}"}
    else:  # the kept file decompressed: its own validator, derived from the file's
        headers = {"ETag": f'"{kept["sha256"]}-gunzip"'}
    if manifest.get("published"):
        headers["Last-Modified"] = last_modified(manifest["published"])
    if not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    dump = dump_of(folder, kept["format"].removesuffix(".gz"))
    if kept is entry:
        return ranged(request, dump, entry["media_type"], headers)
    headers["Content-Length"] = str(entry["bytes"])
    if request.method == "HEAD":
        return Response(headers=headers, media_type=entry["media_type"])
    return StreamingResponse(
        gunzipped(dump.read(), dump.name), media_type=entry["media_type"], headers=headers
    )


def ranged(request: Request, dump: Dump, media_type: str, headers: dict[str, str]) -> Response:
    """A dump file, whole or the one byte range asked for (If-Range: only if unchanged)."""
    headers = {**headers, "Accept-Ranges": "bytes"}
    validator = request.headers.get("if-range")
    try:
        wanted = (
            byte_range(request.headers.get("range"), dump.size)
            if validator in (None, headers.get("ETag"), headers.get("Last-Modified"))
            else None
        )
    except Unsatisfiable as error:
        refused = problem(416, str(error))
        refused.headers["Content-Range"] = f"bytes */{dump.size}"
        return refused
    start, end, status = 0, dump.size, 200
    if wanted is not None:
        (start, end), status = wanted, 206
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{dump.size}"
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    body = dump.read(start, end)
    return StreamingResponse(body, status_code=status, media_type=media_type, headers=headers)
