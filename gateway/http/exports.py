"""GET /exports/{id}: the signed, expiring download link of a data export."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from gateway.db import conn
from gateway.models import AuditEvent, ExportFile
from gateway.privacy import export, vault
from gateway.settings import Settings

__all__ = ["export_download"]


def export_download(settings: Settings) -> Callable[[Request], object]:
    async def download(request: Request) -> Response:
        try:
            file_id = uuid.UUID(request.path_params["file_id"])
        except ValueError:
            return JSONResponse({"error": "not found"}, status_code=404)
        query = request.query_params
        if not export.verify_link(settings, file_id, query.get("expires", ""),
                                  query.get("signature", "")):
            return JSONResponse({"error": "this link is invalid or expired: ask for a new "
                                          "export"}, status_code=403)
        found = await export.find_export(file_id)
        if found is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        region, row = found
        key = vault.current().keyring.unwrap(row.master_key_id, row.wrapped_key)
        await ExportFile.filter(id=row.id).using_db(conn(region)).update(
            downloads=row.downloads + 1)
        await AuditEvent.create(action="export:download", subject_id=row.subject_id,
                                subject_type="account", purpose="privacy_rights",
                                details={"export_file_id": str(row.id),
                                         "client": request.client.host if request.client else ""},
                                using_db=conn(region))

        def body() -> Iterator[bytes]:
            yield from export.decrypt_stream(Path(row.path), key)

        return StreamingResponse(body(), media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="sellergate-export-{row.id}.zip"',
            "Cache-Control": "no-store"})

    return download
