"""Promotional messages: sent only to subjects who consented, each with a one-click opt-out."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.auth.principal import Permission, Principal
from gateway.connectors import Notification, UpstreamError
from gateway.db import conn
from gateway.errors import BadInput, Forbidden
from gateway.models import Account, Role
from gateway.privacy import consent, vault
from gateway.privacy.purposes import purpose
from gateway.regions import REGIONS
from gateway.services import integrations
from gateway.settings import Settings

__all__ = ["PromotionResult", "send_promotion"]

_CHANNELS = {"marketing_email": "email"}


@dataclass(frozen=True)
class PromotionResult:
    sent: int
    skipped_without_consent: int
    failed: int


async def send_promotion(settings: Settings, principal: Principal, name: str, subject: str,
                         body: str) -> PromotionResult:
    if not principal.has(Permission.ADMIN_ALL) and not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("only superadmins and privacy officers send promotions")
    if name not in _CHANNELS or not purpose(name).needs_consent:
        raise BadInput(f"promotions go out under one of {', '.join(_CHANNELS)}", field="purpose")
    if not subject.strip() or not body.strip():
        raise BadInput("a subject and a body are needed", field="subject")
    notifier = integrations.current().notifier(_CHANNELS[name])
    sent = skipped = failed = 0
    for region in REGIONS:
        accounts = await Account.filter(is_active=True, role=Role.OWNER).using_db(conn(region))
        allowed = await consent.consented(region, [str(a.id) for a in accounts], name)
        skipped += len(accounts) - len(allowed)
        chosen = [a for a in accounts if str(a.id) in allowed]
        personal = await vault.reveal_accounts(region, chosen)
        for account in chosen:
            email = personal[account.id].email
            if not email:
                continue
            link = (f"{settings.base_url()}/consent/opt-out?token="
                    f"{consent.opt_out_token(settings, region, str(account.id), name)}")
            try:
                await notifier.send(Notification(
                    recipient=email, subject=subject.strip(),
                    body=f"{body.strip()}\n\nNo more of these: {link}\n", purpose=name,
                    headers={"List-Unsubscribe": f"<{link}>"}))
                sent += 1
            except UpstreamError:
                failed += 1
    return PromotionResult(sent=sent, skipped_without_consent=skipped, failed=failed)
