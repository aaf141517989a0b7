"""Per-request context: settings, the caller's Principal, dataloaders."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gateway.auth.principal import ANONYMOUS, Principal
from gateway.auth.throttle import FailureThrottle
from gateway.errors import SellergateError
from gateway.privacy.audit import ReadLog
from gateway.settings import Settings

if TYPE_CHECKING:
    from schema.loaders import Loaders

__all__ = ["Context"]


@dataclass
class Context:
    settings: Settings
    throttle: FailureThrottle
    client_ip: str
    loaders: Loaders
    auth_error: SellergateError | None = None
    _principal: Principal = field(default=ANONYMOUS)
    request: Any = None
    response: Any = None
    # Subjects read outside the caller's own region (admin views): their region, for the audit.
    subject_regions: dict[uuid.UUID, str] = field(default_factory=dict)
    # Reads of @sensitive fields in the running operation (schema.read_log), audited at its end.
    reads: ReadLog = field(default_factory=ReadLog)

    def planned(self, selected: Mapping[str, frozenset[str]]) -> None:
        """Called by planned execution before anything resolves, with the fields the operation
        selects of each type: the loaders select only the columns those read (``narrow``)."""
        self.loaders.narrow(selected)

    @property
    def principal(self) -> Principal:
        """The caller; a bad bearer token fails only the fields that need a caller."""
        if self.auth_error is not None:
            raise self.auth_error
        return self._principal
