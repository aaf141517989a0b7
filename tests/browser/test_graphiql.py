"""GraphiQL as an admin uses it: `make demo`, open /graphql, sign in, run the example tabs."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from gateway.http.graphiql import EXAMPLES
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ARTIFACTS,
    DEMO_PASSWORD,
    SELLER_EMAIL,
    Demo,
    start_demo,
    stop_demo,
)

LOG_IN = """mutation($email: String!, $password: String!) {
  logIn(email: $email, password: $password) { accessToken } }"""
TAB_NAMES = ["PrivacyRequestQueue", "Incidents", "AuditSearch", "DataMap"]


def _token(demo: Demo, email: str) -> str:
    body = httpx.post(f"{demo.url}/graphql", json={"query": LOG_IN, "variables": {
        "email": email, "password": DEMO_PASSWORD}}).json()
    return body["data"]["logIn"]["accessToken"]


def _graphql(demo: Demo, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = httpx.post(f"{demo.url}/graphql", json={"query": query, "variables": variables},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return response.json()


def _seller_asks_for_an_export(demo: Demo) -> str:
    body = _graphql(demo, _token(demo, SELLER_EMAIL),
                    'mutation { requestPrivacyAction(kind: "export") { subjectId } }')
    assert "errors" not in body, body
    return body["data"]["requestPrivacyAction"]["subjectId"]


def _open_graphiql(page: Any, demo: Demo) -> None:
    from playwright.sync_api import expect

    page.goto(f"{demo.url}/graphql")
    expect(page.get_by_role("tab", name="PrivacyRequestQueue")).to_be_visible(timeout=30_000)


def _tab_names(page: Any) -> list[str]:
    return [tab.inner_text().strip() for tab in page.locator(".graphiql-tab").all()]


def _sign_in(page: Any, email: str) -> None:
    page.fill("#sg-sign-in input[name=email]", email)
    page.fill("#sg-sign-in input[name=password]", DEMO_PASSWORD)
    page.click("#sg-sign-in button[type=submit]")


def _run_tab(page: Any, name: str) -> Any:
    page.get_by_role("tab", name=name).click()
    page.click(".graphiql-execute-button")
    return page.locator(".graphiql-response")


def test_the_demo_prints_where_graphiql_is_and_the_admin_login(demo):
    output = demo.output()
    assert f"GraphiQL: http://127.0.0.1:{demo.port}/graphql" in output
    assert re.search(rf"{re.escape(ADMIN_EMAIL)}\s+superadmin", output), output
    assert f"password '{DEMO_PASSWORD}'" in output


def test_every_example_tab_answers_the_demo_admin(demo):
    token = _token(demo, ADMIN_EMAIL)
    for example in EXAMPLES:
        body = _graphql(demo, token, example.query, example.variables)
        assert "errors" not in body, (example.file, body)
        assert body["data"] and all(value is not None for value in body["data"].values())


@pytest.mark.browser
def test_an_admin_signs_in_and_reads_the_privacy_request_queue(demo, page):
    from playwright.sync_api import expect

    subject_id = _seller_asks_for_an_export(demo)
    graphql_requests: list[Any] = []
    page.on("request", lambda r: graphql_requests.append(r) if r.url.endswith("/graphql") and
            r.method == "POST" else None)
    _open_graphiql(page, demo)
    assert _tab_names(page) == TAB_NAMES
    # The first tab opens with its variables, showing the queue's filters.
    expect(page.locator(".graphiql-editor-tool")).to_contain_text('"overdue": null')

    # Signing in fetches the schema again as the admin (production hides it from others).
    with page.expect_request(lambda r: "IntrospectionQuery" in (r.post_data or "") and
                             r.headers.get("authorization", "").startswith("Bearer "),
                             timeout=15_000):
        _sign_in(page, ADMIN_EMAIL)
    expect(page.locator("#sg-who")).to_contain_text(f"<{ADMIN_EMAIL}>", timeout=15_000)
    expect(page.locator("#sg-who")).to_contain_text("SUPERADMIN")
    expect(page.locator("#sg-sign-in")).to_be_hidden()

    page.get_by_role("tab", name="Incidents").click()
    expect(page.locator(".graphiql-query-editor")).to_contain_text("incidents {")
    response = _run_tab(page, "PrivacyRequestQueue")
    expect(page.locator(".graphiql-query-editor")).to_contain_text("privacyRequests(filter")
    expect(response).to_contain_text('"privacyRequests"', timeout=15_000)
    expect(response).to_contain_text(f'"subjectId": "{subject_id}"')
    expect(response).to_contain_text('"kind": "export"')
    expect(response).not_to_contain_text('"errors"')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graphiql-privacy-request-queue.png"))

    queue_request = next(r for r in reversed(graphql_requests)
                         if "PrivacyRequestQueue" in (r.post_data or ""))
    assert queue_request.headers.get("authorization", "").startswith("Bearer ey")
    assert page.errors == []


@pytest.mark.browser
def test_a_query_run_right_after_switching_tabs_runs_that_tab(demo, page):
    from playwright.sync_api import expect

    _open_graphiql(page, demo)
    _sign_in(page, ADMIN_EMAIL)
    expect(page.locator("#sg-who")).to_contain_text(ADMIN_EMAIL, timeout=15_000)
    for previous, tab, field in [("Incidents", "DataMap", "dataMap"),
                                 ("DataMap", "Incidents", "incidents"),
                                 ("Incidents", "DataMap", "dataMap")]:
        page.get_by_role("tab", name=previous).click()
        # GraphiQL learns the new tab's operation name 100 ms late; this is faster than that.
        with page.expect_response(lambda r: r.request.method == "POST" and
                                  "IntrospectionQuery" not in (r.request.post_data or ""),
                                  timeout=15_000) as answer:
            page.get_by_role("tab", name=tab).click()
            page.click(".graphiql-execute-button")
        assert answer.value.status == 200, answer.value.text()
        body = answer.value.json()
        assert "errors" not in body and body["data"][field] is not None, body
    assert page.errors == []


@pytest.mark.browser
def test_the_session_is_refreshed_survives_a_reload_and_signs_out(demo, page):
    from playwright.sync_api import expect

    _open_graphiql(page, demo)
    _sign_in(page, ADMIN_EMAIL)
    expect(page.locator("#sg-who")).to_contain_text(ADMIN_EMAIL, timeout=15_000)
    # The demo's access tokens live 8 s: the page trades its refresh token before they expire.
    with page.expect_response(lambda r: "SellergateRefresh" in (r.request.post_data or ""),
                              timeout=20_000) as refreshed:
        pass
    assert "errors" not in refreshed.value.json(), refreshed.value.json()

    page.reload()
    expect(page.locator("#sg-who")).to_contain_text(ADMIN_EMAIL, timeout=15_000)
    assert _tab_names(page) == TAB_NAMES  # the saved tabs come back, without copies
    response = _run_tab(page, "PrivacyRequestQueue")
    expect(response).to_contain_text('"privacyRequests"', timeout=15_000)
    expect(response).not_to_contain_text('"errors"')

    # Sign-out revokes the session on the server, not only in the page.
    with page.expect_response(lambda r: "SellergateLogOut" in (r.request.post_data or "")) as out:
        page.click("#sg-sign-out")
    assert out.value.json() == {"data": {"logOut": True}}
    expect(page.locator("#sg-sign-in")).to_be_visible()
    expect(page.locator("#sg-session")).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('sellergate.graphiql.refreshToken')") is None
    response = _run_tab(page, "PrivacyRequestQueue")
    expect(response).to_contain_text('"errors"', timeout=15_000)
    expect(response).to_contain_text('"code": "FORBIDDEN"')  # no bearer token any more
    assert page.errors == []


@pytest.mark.browser
def test_in_admin_mode_the_page_keeps_only_admin_accounts(tmp_path, page):
    from playwright.sync_api import expect

    process, demo = start_demo(tmp_path, SELLERGATE_GRAPHIQL="admin")
    try:
        _open_graphiql(page, demo)
        expect(page.locator(".sg-notice")).to_contain_text("For Sellergate admins")
        _sign_in(page, SELLER_EMAIL)
        expect(page.locator("#sg-status")).to_contain_text("for Sellergate admins",
                                                           timeout=15_000)
        expect(page.locator("#sg-session")).to_be_hidden()
        assert page.evaluate("sessionStorage.getItem('sellergate.graphiql.refreshToken')") is None

        _sign_in(page, ADMIN_EMAIL)
        expect(page.locator("#sg-who")).to_contain_text(ADMIN_EMAIL, timeout=15_000)
        config = json.loads(page.locator("#sellergate-graphiql-config").text_content())
        assert config["mode"] == "admin"
        # Failed sign-ins and the refused seller log as console errors only if the page broke.
        assert page.errors == []
    finally:
        stop_demo(process)
