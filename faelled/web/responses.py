"""Responses shared by the routers: paging links, JSON written once, and a served `Table` in the
format asked for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from faelled.web.formats import (
    MEDIA_TYPES,
    Format,
    Table,
    to_csv,
    to_jsonstat,
    to_parquet,
    to_xlsx,
)

MAX_PER_PAGE = 5000
_REL = {"next_url": "next", "previous_url": "prev"}
EXTENSIONS: dict[Format, str] = {
    "json": "json",
    "csv": "csv",
    "xlsx": "xlsx",
    "parquet": "parquet",
    "jsonstat": "json",
}


@dataclass(frozen=True)
class Page:
    page: int  # 1-based
    per_page: int
    total: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def stop(self) -> int:
        return self.start + self.per_page

    @property
    def has_next(self) -> bool:
        return self.stop < self.total

    def url(self, request: Request, page: int) -> str:
        return str(request.url.include_query_params(page=page, per_page=self.per_page))

    def links(self, request: Request) -> dict[str, str | None]:
        return {
            "next_url": self.url(request, self.page + 1) if self.has_next else None,
            "previous_url": self.url(request, self.page - 1) if self.page > 1 else None,
        }


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON written by the standard library directly: FastAPI's generic encoder walks every value
    of every row again, which costs more than the query on the values endpoint."""
    body = json_text(data)
    return Response(
        body.encode(), status_code=status, media_type="application/json", headers=headers
    )


def table_response(
    table: Table,
    fmt: Format,
    *,
    sep: str = ";",
    filename: str,
    json_body: dict[str, Any] | None = None,
    links: dict[str, str | None] | None = None,
) -> Response:
    """`table` in `fmt`. JSON gets `json_body` (the API's own shape); the other formats get the
    table, with paging in a Link header since a file has no place for it."""
    headers: dict[str, str] = {}
    rels = [f'<{url}>; rel="{_REL[rel]}"' for rel, url in (links or {}).items() if url]
    if rels:
        headers["Link"] = ", ".join(rels)
    if fmt == "json":
        return json_response(json_body if json_body is not None else table.rows, headers=headers)
    if fmt == "jsonstat":
        return json_response(to_jsonstat(table), headers=headers)
    if fmt == "csv":
        body = to_csv(table, sep=sep)
    elif fmt == "xlsx":
        body = to_xlsx(table)
    else:
        body = to_parquet(table)
    headers["Content-Disposition"] = f'attachment; filename="{filename}.{EXTENSIONS[fmt]}"'
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
