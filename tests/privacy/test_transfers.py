"""Data residency and transfers: subjects are placed by country, and a read of a subject's
personal data by a process serving another region is recorded with its safeguard."""

from __future__ import annotations

import asyncio
import json
import sys

import httpx

from gateway.app import create_app
from gateway.db import conn
from gateway.models import Role, Transfer
from gateway.privacy.residency import safeguard
from gateway.regions import region_for_country
from tests.conftest import base_settings, settings_env
from tests.graphql_client import gql
from tests.privacy.admins import admin, seller

ME = "{ me { email name } }"
TRANSFERS = """query($filter: TransferFilter) { transfers(filter: $filter) {
  edges { node { subjectId categories fromRegion toRegion safeguard purpose actorId } } } }"""


async def _transfers(region: str) -> list[Transfer]:
    return await Transfer.all().using_db(conn(region)).order_by("at")


async def _report(settings, *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "transfers", "report", *args,
        env=settings_env(settings), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    output, errors = await process.communicate()
    assert process.returncode == 0, errors.decode()
    return output.decode()


def test_subjects_are_placed_by_country_with_configurable_rules(tmp_path):
    default = base_settings(tmp_path)
    assert region_for_country("CN", default) == "cn"
    assert region_for_country("HK", default) == "us"
    assert region_for_country("DE", default) == "us"
    configured = base_settings(tmp_path, placement_rules={"hk": "cn"})
    assert region_for_country("HK", configured) == "cn"
    assert region_for_country("CN", configured) == "cn"


def test_transfers_between_china_and_the_united_states_rely_on_scc():
    assert safeguard("cn", "us") == "scc"
    assert safeguard("us", "cn") == "scc"


async def test_a_us_process_reading_a_cn_subject_records_a_transfer(client, settings):
    assert settings.region == "us"
    token, account_id, region = await seller(client, "li@example.cn", country="CN")
    assert region == "cn"
    before = len(await _transfers("cn"))  # sign-up answered the email: already a transfer
    assert not (await gql(client, ME, token=token)).errors
    rows = await _transfers("cn")
    assert len(rows) == before + 1
    transfer = rows[-1]
    assert str(transfer.subject_id) == account_id and str(transfer.actor_id) == account_id
    assert (transfer.from_region, transfer.to_region, transfer.safeguard) == ("cn", "us", "scc")
    assert transfer.categories == ["account_contact", "account_identity"]
    assert transfer.purpose == "service_operation"
    assert await _transfers("us") == []


async def test_same_region_reads_are_not_transfers(client, settings):
    token, *_ = await seller(client, "local@example.com")
    assert not (await gql(client, ME, token=token)).errors
    # A process serving cn; its lifespan is not run, so the test app's workers stay in place.
    cn_process = create_app(settings.model_copy(update={"region": "cn"}), manage_db=False,
                            in_process_workers=False)
    transport = httpx.ASGITransport(app=cn_process)
    async with httpx.AsyncClient(transport=transport, base_url="http://cn.test") as cn:
        cn_token, *_ = await seller(cn, "local@example.cn", country="CN")
        assert not (await gql(cn, ME, token=cn_token)).errors
    assert await _transfers("us") == [] and await _transfers("cn") == []


async def test_privacy_officers_list_transfers_and_others_cannot(client, settings):
    token, account_id, _ = await seller(client, "wang@example.cn", country="CN")
    await gql(client, ME, token=token)
    officer, _ = await admin(client, settings, Role.PRIVACY_OFFICER, "dpo@example.com")
    support, _ = await admin(client, settings, Role.SUPPORT, "help@example.com")
    listed = await gql(client, TRANSFERS, {"filter": {"subjectId": account_id,
                                                      "category": "account_identity"}}, officer)
    assert not listed.errors, listed.errors
    [node] = [e["node"] for e in listed.data["transfers"]["edges"]]
    assert (node["fromRegion"], node["toRegion"], node["safeguard"]) == ("cn", "us", "scc")
    assert (await gql(client, TRANSFERS, token=support)).codes() == ["FORBIDDEN"]
    assert (await gql(client, TRANSFERS, token=token)).codes() == ["FORBIDDEN"]


async def test_the_transfers_report_counts_by_route_safeguard_and_category(client, settings):
    token, *_ = await seller(client, "zhang@example.cn", country="CN")
    for _ in range(2):
        await gql(client, ME, token=token)
    report = json.loads(await _report(settings, "--format", "json"))
    counts = {(line["from_region"], line["to_region"], line["safeguard"], line["category"]):
              line["count"] for line in report["lines"]}
    # Sign-up answered the email once; each `me` read email and name.
    assert counts == {("cn", "us", "scc", "account_contact"): 3,
                      ("cn", "us", "scc", "account_identity"): 2}
    assert report["total"] == 5
    markdown = await _report(settings, "--since", "2020-01-01")
    assert "| cn | us | scc | account_contact | 3 |" in markdown
    later = json.loads(await _report(settings, "--since", "2999-01-01", "--format", "json"))
    assert later["lines"] == [] and later["since"] == "2999-01-01"
