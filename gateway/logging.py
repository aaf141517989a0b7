"""Structured logs (structlog): JSON in production, console in development, personal data scrubbed.

Standard-library loggers (ours, uvicorn's, Tortoise's) go through the same processors, so no
record reaches a handler before ``scrub_personal_data`` has seen it.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from typing import IO, Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from gateway.settings import Settings

__all__ = ["REDACTED", "configure_logging", "scrub", "scrub_personal_data"]

REDACTED = "[redacted]"

# Values under these keys are personal or secret whatever they look like.
_SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|api[_-]?key|authorization|cookie|credential|"
    r"private[_-]?key|signature|e-?mail|phone|mobile|address|birth|guardian|"
    r"(^|_)ip($|_)|client_?ip|remote_?addr",
    re.IGNORECASE,
)
# Keys structlog and logging add themselves: never personal, never scrubbed by name.
_STRUCTURAL_KEYS = frozenset({"event", "level", "logger", "timestamp", "exception", "stack"})

# Patterns of personal values and secrets inside free text (messages, exceptions, SQL).
_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\beyJ[\w-]*\.[\w-]+\.[\w-]*",                                        # JWT
    r"\bbearer\s+[\w.~+/=-]+",                                             # bearer token
    r"\b(pass(word|wd|phrase)?|secret|token|api[_-]?key|authorization)"
    r"(\"|')?\s*[=:]\s*(\"|')?[^\s\"',;&}]+",                              # key=value secrets
    r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+",                         # email
    r"(?<![\w+])\+\d{1,3}[\s.-]?(\(?\d{1,4}\)?[\s.-]?){2,5}\d{2,4}\b",     # international phone
    r"(?<![\w-])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b",                      # NANP phone
    r"\b(\d{1,3}\.){3}\d{1,3}\b",                                          # IPv4
    r"\b([0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b",                             # IPv6 (full form)
))


def scrub(value: Any) -> Any:
    """``value`` with personal data and secrets replaced, recursing into containers."""
    if isinstance(value, str):
        for pattern in _PATTERNS:
            value = pattern.sub(REDACTED, value)
        return value
    if isinstance(value, Mapping):
        return {k: REDACTED if _is_sensitive(k) else scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [scrub(v) for v in value]
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return scrub(str(value))  # objects render through str(): scrub what they would show


def _is_sensitive(key: object) -> bool:
    return isinstance(key, str) and key not in _STRUCTURAL_KEYS and bool(_SENSITIVE_KEY.search(key))


def scrub_personal_data(logger: WrappedLogger, method: str, event: EventDict) -> EventDict:
    """structlog processor: scrub every key and value of the event."""
    return {key: REDACTED if _is_sensitive(key) else scrub(value) for key, value in event.items()}


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners and daemons swap it)."""

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        return None


def configure_logging(settings: Settings, *, stream: IO[str] | None = None) -> None:
    """Configure structlog and route the standard library through it (safe to call again)."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (structlog.processors.JSONRenderer() if settings.env == "production"
                           else structlog.dev.ConsoleRenderer(colors=False))
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks become text first, so the scrubber sees the values they quote (SQL).
            structlog.processors.format_exc_info,
            scrub_personal_data,
            renderer,
        ],
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(formatter)
    handler.set_name("sellergate")
    root = logging.getLogger()
    # Replace only our own handler: test runners and embedders keep theirs.
    for old in [h for h in root.handlers if h.get_name() == "sellergate"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
