"""An SMTP relay emulated on loopback: a real aiosmtpd server that keeps what it receives in memory,
with optional AUTH and knobs to refuse or drop the next messages; plus a small HTTP app listing
the received mail for demo inspection.

::

    sandbox = Sandbox()
    base_url = await sandbox.start()           # smtp://127.0.0.1:<free port>
    notifier = EmailNotifier(base_url=base_url, settings=sandbox.connector_settings(), session=...)
    await notifier.send(notification)
    sandbox.messages[-1]["Subject"]            # or GET {sandbox.inspection_url}/messages
    await sandbox.stop()
"""

from __future__ import annotations

import asyncio
import email
import logging
import warnings
import weakref
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiohttp import web
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from gateway.connectors.sandbox import SandboxServer

__all__ = ["Sandbox"]

HOSTNAME = "relay.sandbox.sellergate.test"
GREYLISTED = "451 4.7.1 Greylisted, please try again later"
DROPPED = "421 4.3.2 Connection dropped"
UNKNOWN_USER = "550 5.1.1 <{address}>: Recipient address rejected: User unknown"


class Sandbox(SandboxServer):
    """A loopback SMTP relay.

    :param username: the AUTH LOGIN/PLAIN user it accepts; ``None`` runs an open relay that
        neither offers nor requires AUTH.
    :param password: that user's password.
    :param sender: the From address the connector is configured with.

    Knobs, counted down one message (or connection) at a time:

    :ivar transient_failures: refuse the next N messages at DATA with a 4xx reply.
    :ivar permanent_failures: refuse the recipient of the next N messages with a 5xx reply.
    :ivar dropped_connections: cut the next N connections at MAIL FROM without a reply.
    :ivar messages: what was accepted, parsed; the envelope is in ``X-MailFrom`` and
        ``X-RcptTo`` headers (aiosmtpd's convention), the peer in ``X-Peer``.
    """

    def __init__(self, *, username: str | None = "sellergate", password: str = "sandbox-secret",
                 sender: str = "Sellergate <notifications@sellergate.test>") -> None:
        super().__init__()
        self.username = username
        self.password = password
        self.sender = sender
        self.transient_failures = 0
        self.permanent_failures = 0
        self.dropped_connections = 0
        self.messages: list[EmailMessage] = []
        self.host = ""
        self.port = 0
        self.inspection_url = ""
        self._server: asyncio.Server | None = None
        # Weak: a finished session leaves the set by itself; stop() closes the ones still open.
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    # --- lifecycle ----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start the SMTP relay on ``host:port`` (a free port by default) and the inspection app
        on another free port; return the relay's ``smtp://`` URL, the connector's base URL."""
        _quiet_aiosmtpd()
        self.inspection_url = await super().start(host)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._new_session, host, port)
        self.host, self.port = host, self._server.sockets[0].getsockname()[1]
        self.base_url = f"smtp://{host}:{self.port}"
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for session in list(self._sessions):
                if session.transport is not None:
                    session.transport.close()
            await self._server.wait_closed()
            self._server = None
        await super().stop()

    def connector_settings(self) -> dict[str, str]:
        return {
            "host": self.host,
            "port": str(self.port),
            "username": self.username or "",
            "password": self.password if self.username else "",
            "sender": self.sender,
            "starttls": "false",  # loopback only: no certificate to present
        }

    def build_app(self) -> web.Application:
        """``GET /messages``: the received mail as JSON, to look at what the demo sent."""
        app = web.Application()
        app.router.add_get("/messages", self._list_messages)
        return app

    async def _list_messages(self, request: web.Request) -> web.Response:
        return web.json_response([_as_json(message) for message in self.messages])

    def _new_session(self) -> SMTP:
        # aiosmtpd warns that AUTH without TLS is unsafe, once per connection; on loopback with
        # a sandbox password that is the intended set-up, so the warning is only noise.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            session = SMTP(
                self, hostname=HOSTNAME, auth_required=self.username is not None,
                auth_require_tls=False,
                authenticator=self._authenticate if self.username is not None else None,
            )
        self._sessions.add(session)
        return session

    # --- aiosmtpd hooks (found by name: handle_<COMMAND>) -------------------------------------

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                      auth_data: Any) -> AuthResult:
        accepted = (isinstance(auth_data, LoginPassword)
                    and auth_data.login.decode() == self.username
                    and auth_data.password.decode() == self.password)
        # handled=False: aiosmtpd then answers 535 itself (handled=True would leave the client
        # waiting for a reply nobody sends).
        return AuthResult(success=accepted, handled=False, auth_data=auth_data)

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          mail_options: list[str]) -> str:
        if self.dropped_connections > 0:
            self.dropped_connections -= 1
            if isinstance(server.transport, asyncio.Transport):
                server.transport.abort()  # the client sees the connection die, without a reply
            return DROPPED  # written to a dead transport, so never read
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if self.permanent_failures > 0:
            self.permanent_failures -= 1
            return UNKNOWN_USER.format(address=address)  # like Postfix, naming the address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.transient_failures > 0:
            self.transient_failures -= 1
            return GREYLISTED
        content = envelope.content
        raw = content.encode() if isinstance(content, str) else bytes(content or b"")
        # Stored with LF line endings, as a mailbox would: the body reads back as it was written.
        raw = raw.replace(b"\r\n", b"\n")
        message = email.message_from_bytes(raw, _class=EmailMessage, policy=default_policy)
        message["X-Peer"] = str(session.peer)
        message["X-MailFrom"] = envelope.mail_from or ""
        message["X-RcptTo"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 2.0.0 Ok: queued"


def _quiet_aiosmtpd() -> None:
    # aiosmtpd logs every command with its addresses at INFO, and warns on every connection
    # about AUTH without TLS and its own deprecated login_data: noise for a loopback sandbox.
    # A level someone set on purpose is left alone.
    aiosmtpd_log = logging.getLogger("mail.log")
    if aiosmtpd_log.level == logging.NOTSET:
        aiosmtpd_log.setLevel(logging.ERROR)


def _as_json(message: EmailMessage) -> dict[str, Any]:
    body = message.get_body(preferencelist=("plain",))
    return {
        "mail_from": message["X-MailFrom"],
        "rcpt_to": message["X-RcptTo"],
        "headers": [[name, str(value)] for name, value in message.items()],
        "body": body.get_content() if isinstance(body, EmailMessage) else "",
    }
