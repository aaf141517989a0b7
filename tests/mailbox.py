"""Test helpers for reading what the email sandbox received."""

from __future__ import annotations

import re
from email.message import EmailMessage

from plugins.email.sandbox import Sandbox
from tests.conftest import wait_until


async def last_mail(mail: Sandbox, to: str, subject_contains: str = "") -> EmailMessage:
    def matching() -> list[EmailMessage]:
        return [m for m in mail.messages
                if to in str(m["To"]) and subject_contains in str(m["Subject"])]

    async def arrived() -> bool:
        return bool(matching())

    await wait_until(arrived)
    return matching()[-1]


async def code_in_mail(mail: Sandbox, to: str, subject_contains: str = "") -> str:
    message = await last_mail(mail, to, subject_contains)
    match = re.search(r"\b(\d{6})\b", message.get_content())
    assert match, message.get_content()
    return match.group(1)
