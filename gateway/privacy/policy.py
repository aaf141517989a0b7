"""Privacy policy versions: publishing, acceptance, and re-acceptance after material changes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.connectors import Notification
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Conflict, Forbidden
from gateway.models import Account, Job, PolicyAcceptance, PolicyVersion
from gateway.privacy import vault
from gateway.regions import REGIONS
from gateway.services import integrations, jobs

__all__ = ["NOTIFY_POLICY_CHANGE", "accept", "acceptance_required", "current_policy", "publish"]

NOTIFY_POLICY_CHANGE = "notify_policy_change"


async def current_policy() -> PolicyVersion | None:
    return await PolicyVersion.all().using_db(directory_conn()).order_by(
        "-published_at").first()


async def accept(region: str, account_id: uuid.UUID, version: str | None = None, *,
                 ip: str = "") -> PolicyAcceptance | None:
    """Record that the account accepted ``version`` (the current one by default)."""
    policy = await current_policy()
    if policy is None:
        return None
    if version is not None and version != policy.version:
        raise BadInput(f"the current policy is {policy.version}, not {version}", field="version")
    row, _ = await PolicyAcceptance.get_or_create(
        account_id=account_id, version=policy.version, defaults={"ip": ip},
        using_db=conn(region))
    return row


async def acceptance_required(region: str, account_id: uuid.UUID) -> bool:
    """True when a material version came out after the last one the account accepted."""
    material = await PolicyVersion.filter(material=True).using_db(directory_conn()).order_by(
        "-published_at").first()
    if material is None:
        return False
    accepted = set(await PolicyAcceptance.filter(account_id=account_id).using_db(
        conn(region)).values_list("version", flat=True))
    newer = await PolicyVersion.filter(published_at__gte=material.published_at).using_db(
        directory_conn()).values_list("version", flat=True)
    return not accepted & set(newer)


async def publish(principal: Principal, version: str, summary: str, material: bool
                  ) -> PolicyVersion:
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("privacy officers and superadmins only")
    if not version.strip() or not summary.strip():
        raise BadInput("a version and a summary of the changes are needed", field="version")
    try:
        row = await PolicyVersion.create(version=version.strip(), summary=summary.strip(),
                                         material=material, published_at=datetime.now(UTC),
                                         using_db=directory_conn())
    except IntegrityError as exc:
        raise Conflict(f"policy version {version} exists already") from exc
    if material:
        for region in REGIONS:
            async with in_transaction(region) as tx:
                job = await jobs.create_job(region, NOTIFY_POLICY_CHANGE, using_db=tx,
                                            payload={"version": row.version})
            jobs.dispatch(region, job.id)
    return row


@jobs.handler(NOTIFY_POLICY_CHANGE)
async def notify_policy_change(region: str, job: Job) -> None:
    """Tell every active account of the region about a material change (resumable)."""
    policy = await PolicyVersion.filter(version=job.payload["version"]).using_db(
        directory_conn()).get()
    notifier = integrations.current().notifier("email")
    after, done = job.checkpoint.get("after"), job.progress_done
    while True:  # in id order, checkpointing the last one told: a re-run resumes after it
        query = Account.filter(is_active=True).order_by("id")
        if after:
            query = query.filter(id__gt=after)
        batch = await query.using_db(conn(region)).limit(200)
        if not batch:
            return
        personal = await vault.reveal_accounts(region, batch)
        for account in batch:
            email = personal[account.id].email
            if email:
                await notifier.send(Notification(
                    recipient=email, subject=f"Our privacy policy changed ({policy.version})",
                    body=(f"We published a new version of our privacy policy on "
                          f"{policy.published_at:%Y-%m-%d}.\n\nWhat changed: {policy.summary}"
                          "\n\nPlease review and accept it the next time you sign in."),
                    purpose="order_communications"))
            done += 1
            after = str(account.id)
            await jobs.checkpoint(region, job, done=done, after=after)
