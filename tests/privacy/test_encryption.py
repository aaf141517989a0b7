"""Personal fields are encrypted at rest under per-subject keys; keys rotate; erasure shreds."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import secrets
import sys
import uuid

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from tortoise import Tortoise, connections

from gateway.db import ALIASES, conn
from gateway.models import Account, Buyer, DataKey
from gateway.privacy import vault
from gateway.privacy.keyring import Keyring
from gateway.services.demo import seed_demo
from tests.conftest import settings_env
from tests.factories import store_with_orders
from tests.gateway.test_orders import NESTED
from tests.graphql_client import gql, sign_up

DEMO_VALUES = [
    "alice@demo.sellergate.test", "Alice Parker", "+1 415 555 0101", "wei@demo.sellergate.test",
    "Li Wei", "+86 138 0000 0001", "sam@demo.sellergate.test", "Sam Rivera", "Jordan Lee",
    "Zhang San", "jordan0@buyers.example", "Market Street", "Ada Admin",
]


async def _all_rows_text() -> str:
    chunks = []
    for alias in ALIASES:
        db = connections.get(alias)
        app = "directory" if alias == "directory" else "regional"
        for model in Tortoise.apps[app].values():
            table = model._meta.db_table
            _, rows = await db.execute_query(f'SELECT * FROM "{table}"')
            chunks += [repr(dict(row)) for row in rows]
    return "\n".join(chunks)


async def test_no_personal_value_is_stored_in_clear_after_the_demo_is_loaded(settings):
    await seed_demo(settings, orders_per_store=5)
    text = await _all_rows_text()
    for value in DEMO_VALUES:
        assert value not in text, value
    # The raw files too, WAL included. Read from another process: closing a descriptor of a
    # SQLite file in this process would drop the locks SQLite holds on it (POSIX locks).
    files = [str(p) for p in settings.data_dir.glob("*.sqlite3*")]
    script = ("import sys, json; values = json.loads(sys.argv[1]); "
              "print(json.dumps([[f, v] for f in sys.argv[2:] for v in values "
              "if v.encode() in open(f, 'rb').read()]))")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, json.dumps(DEMO_VALUES), *files,
        stdout=asyncio.subprocess.PIPE)
    output, _ = await process.communicate()
    assert json.loads(output) == []


async def test_the_api_still_answers_in_clear_for_those_allowed(client, settings):
    payload = await sign_up(client, "clear@example.com", name="Clara Clear")
    me = await gql(client, "{ me { email name } }", token=payload["accessToken"])
    assert me.data["me"] == {"email": "clear@example.com", "name": "Clara Clear"}
    await store_with_orders("us", payload["account"]["id"], 2)
    orders = await gql(client, NESTED, {"first": 2}, payload["accessToken"])
    assert orders.data["orders"]["edges"][0]["node"]["buyer"]["email"].startswith("buyer")


async def test_a_buyers_fields_are_decrypted_only_when_read(client, settings):
    payload = await sign_up(client, "lazy@example.com")
    await store_with_orders("us", payload["account"]["id"], 1)
    buyer = await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).first()
    personal = (await vault.reveal_buyers("us", [buyer]))[buyer.id]
    assert personal._values == {}  # nothing opened yet
    assert personal.name == "Buyer 0" and set(personal._values) == {"name"}
    assert personal.address["city"] == "Austin" and set(personal._values) == {"name", "address"}
    assert "Buyer 0" not in repr(personal) and "Austin" not in repr(personal)
    assert personal == vault.BuyerPersonal(name="Buyer 0", phone="+15550000000",
                                           email="buyer0@example.com",
                                           address=personal.address)


async def test_a_subjects_cipher_is_built_once_never_for_another_key_and_shredded(settings):
    current = vault.current()
    subject, key, other = uuid.uuid4(), secrets.token_bytes(32), secrets.token_bytes(32)
    cipher = current._cipher(subject, key)
    assert current._cipher(subject, key) is cipher  # kept for the subject and its key
    sealed = current.encrypt(key, subject, "name", "Kept")
    assert current._open(cipher, subject, "name", sealed) == "Kept"
    # A key other than the kept one's (changed since): its own cipher, nothing mixed up.
    assert current._open(current._cipher(subject, other), subject, "name", sealed) is None
    again = current._cipher(subject, key)
    assert again is not cipher and current._cipher(subject, key) is again
    # Shredding the key drops its cipher too.
    await current.destroy(conn("us"), [subject])
    assert subject not in current._ciphers


async def test_every_subject_has_its_own_wrapped_data_key(client, settings):
    first = await sign_up(client, "k1@example.com")
    second = await sign_up(client, "k2@example.com")
    rows = await DataKey.filter(subject_id__in=[first["account"]["id"], second["account"]["id"]]
                                ).using_db(conn("us"))
    assert len(rows) == 2 and rows[0].wrapped_key != rows[1].wrapped_key
    key = vault.current().keyring.unwrap(rows[0].master_key_id, rows[0].wrapped_key)
    assert base64.urlsafe_b64encode(key).decode() not in rows[0].wrapped_key


async def test_destroying_a_subjects_data_key_makes_its_data_unreadable(client, settings):
    payload = await sign_up(client, "shred@example.com", name="Shred Me")
    await store_with_orders("us", payload["account"]["id"], 1)
    buyer = await Buyer.filter(seller_id=payload["account"]["id"]).using_db(conn("us")).first()
    ciphertext = buyer.email
    await vault.current().destroy(conn("us"), [buyer.id])
    orders = await gql(client, NESTED, {"first": 1}, payload["accessToken"])
    node_buyer = orders.data["orders"]["edges"][0]["node"]["buyer"]
    assert node_buyer["email"] is None and node_buyer["name"] is None
    # The ciphertext is still in the row (as in any backup), and no key opens it any more.
    revealed = await vault.reveal_buyers("us", [buyer])
    assert (await Buyer.get(id=buyer.id).using_db(conn("us"))).email == ciphertext
    assert revealed[buyer.id].email is None


async def test_rotating_master_keys_while_serving_loses_nothing(client, settings):
    accounts = [await sign_up(client, f"rot{n}@example.com", name=f"Rot {n}") for n in range(12)]
    old = vault.current()
    new_kid = "mk-new"
    new_key = secrets.token_bytes(32)
    # Every process gets the new key first in its ring (old keys still open old wrappings).
    rotated = vault.Vault(Keyring([(new_kid, new_key), *settings.master_key_list()]))
    vault.install(rotated)
    try:
        async def keep_reading() -> list[str]:
            seen = []
            for _ in range(6):
                for payload in accounts:
                    me = await gql(client, "{ me { email } }", token=payload["accessToken"])
                    seen.append(me.data["me"]["email"])
                await asyncio.sleep(0)
            return seen

        reader = asyncio.create_task(keep_reading())
        moved = await rotated.rotate(conn("us"), batch=3)
        seen = await reader
        assert moved >= 12
        assert set(seen) == {f"rot{n}@example.com" for n in range(12)}
        assert await DataKey.exclude(master_key_id=new_kid).using_db(conn("us")).count() == 0
        # And with only the new key, everything still opens.
        vault.install(vault.Vault(Keyring([(new_kid, new_key)])))
        for n, payload in enumerate(accounts):
            me = await gql(client, "{ me { email } }", token=payload["accessToken"])
            assert me.data["me"]["email"] == f"rot{n}@example.com"
    finally:
        vault.install(old)


async def test_keys_rotate_command_rewraps_under_the_first_master_key(settings):
    account_count = await Account.all().using_db(conn("us")).count()
    assert account_count == 0
    await seed_demo(settings, orders_per_store=2)
    env = settings_env(settings)
    old = env.get("SELLERGATE_MASTER_KEYS") or settings.master_keys
    if not old:
        import json

        old = json.loads((settings.data_dir / "secrets.json").read_text())["master_keys"]
    fresh = "mkcli:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    env["SELLERGATE_MASTER_KEYS"] = f"{fresh},{old}"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "keys", "rotate", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    assert "re-wrapped under master key mkcli" in output.decode()
    for region in ("us", "cn"):
        assert await DataKey.exclude(master_key_id="mkcli").using_db(conn(region)).count() == 0


@hyp_settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.text(alphabet="AZaz09-_+/=.~ é", max_size=12))
def test_urlsafe_base64_decodes_as_the_standard_library_does(raw, noise):
    text = base64.urlsafe_b64encode(raw).decode()
    assert vault.from_urlsafe_b64(text) == raw
    for garbled in (text + noise, noise + text, noise):
        try:
            expected: bytes | type[Exception] = base64.urlsafe_b64decode(garbled.encode())
        except binascii.Error:
            expected = binascii.Error
        if expected is binascii.Error:
            with pytest.raises(binascii.Error):
                vault.from_urlsafe_b64(garbled)
        else:
            assert vault.from_urlsafe_b64(garbled) == expected
