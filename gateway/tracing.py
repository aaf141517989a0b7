"""OpenTelemetry spans around GraphQL operations and jobs, off unless ``SELLERGATE_OTEL=on``.

``opentelemetry-api`` is optional (``pip install 'sellergate[otel]'``); the process's tracer
provider and exporter are the operator's choice (``opentelemetry-instrument`` or the SDK). Spans
carry names, kinds, ids and outcomes only: never query text, variables or arguments, which may
hold personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from gateway.settings import Settings, get_settings

__all__ = ["configure", "enabled", "span"]

log = logging.getLogger(__name__)

_tracer: Any = None
_configured = False


def configure(settings: Settings) -> bool:
    """Turn tracing on or off for this process; True when spans will be recorded."""
    global _tracer, _configured
    _configured = True
    _tracer = None
    if settings.otel != "on":
        return False
    try:
        from opentelemetry import trace
    except ImportError:
        log.warning("SELLERGATE_OTEL=on but opentelemetry-api is not installed "
                    "(pip install 'sellergate[otel]'): tracing stays off")
        return False
    _tracer = trace.get_tracer("sellergate")
    return True


def enabled() -> bool:
    if not _configured:
        # Worker processes never build the app: they read the environment like everything else.
        configure(get_settings())
    return _tracer is not None


@contextmanager
def span(name: str, attributes: Mapping[str, str | int | float | bool] | None = None
         ) -> Iterator[Any]:
    """A span named ``name`` around the block (None inside when tracing is off).

    An exception leaving the block is recorded on the span and marks it as an error.
    """
    if not enabled():
        yield None
        return
    with _tracer.start_as_current_span(name, attributes=dict(attributes or {})) as current:
        yield current
