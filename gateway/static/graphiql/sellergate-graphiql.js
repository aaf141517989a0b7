/*
 * Sellergate's GraphiQL: a sign-in helper that sends "Authorization: Bearer <access token>" on
 * every request and refreshes the token before it expires, and the admin example queries as tabs.
 *
 * The access token lives in memory only. The refresh token is kept in sessionStorage so that a
 * reload of this browser tab stays signed in; it is gone when the tab closes, and "Sign out"
 * revokes it on the server.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("sellergate-graphiql-config").textContent);
  const endpoint = window.location.pathname;
  const REFRESH_KEY = "sellergate.graphiql.refreshToken";
  const AUTH_FIELDS = "accessToken refreshToken expiresIn account { id email name role region }";
  const LOG_IN = "mutation SellergateLogIn($email: String!, $password: String!) " +
    "{ logIn(email: $email, password: $password) { " + AUTH_FIELDS + " } }";
  const REFRESH = "mutation SellergateRefresh($refreshToken: String!) " +
    "{ refreshToken(refreshToken: $refreshToken) { " + AUTH_FIELDS + " } }";
  const LOG_OUT = "mutation SellergateLogOut($refreshToken: String!) " +
    "{ logOut(refreshToken: $refreshToken) }";

  const session = { accessToken: null, account: null, timer: null, refreshing: null };
  const $ = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(message, code) {
      super(message);
      this.code = code;
    }
  }

  /** One GraphQL call of the helper itself; resolves to `data`, rejects with an ApiError. */
  async function call(query, variables, accessToken) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (accessToken) headers.Authorization = "Bearer " + accessToken;
    const response = await fetch(endpoint, {
      method: "POST", headers, credentials: "same-origin",
      body: JSON.stringify({ query, variables }),
    });
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      throw new ApiError("the gateway answered HTTP " + response.status, null);
    }
    if (body.errors && body.errors.length) {
      const first = body.errors[0];
      throw new ApiError(first.message, (first.extensions || {}).code || null);
    }
    return body.data;
  }

  function status(message, isError) {
    const line = $("sg-status");
    line.textContent = message || "";
    line.classList.toggle("sg-error", Boolean(isError));
  }

  function render() {
    const account = session.account;
    $("sg-sign-in").hidden = Boolean(account);
    $("sg-session").hidden = !account;
    $("sg-who").textContent = account ? account.name + " <" + account.email + "> · " + account.role
      : "";
  }

  function begin(payload) {
    const someoneElse = !session.account || session.account.id !== payload.account.id;
    session.accessToken = payload.accessToken;
    session.account = payload.account;
    sessionStorage.setItem(REFRESH_KEY, payload.refreshToken);
    clearTimeout(session.timer);
    // Refresh a minute before expiry (halfway through for very short-lived tokens).
    const lead = Math.min(60, payload.expiresIn / 2);
    session.timer = setTimeout(() => { refresh(); }, (payload.expiresIn - lead) * 1000);
    render();
    if (someoneElse) showGraphiQL();
  }

  function end(message, isError) {
    clearTimeout(session.timer);
    session.accessToken = null;
    session.account = null;
    sessionStorage.removeItem(REFRESH_KEY);
    render();
    status(message, isError);
    showGraphiQL();
  }

  /** Trade the refresh token for new tokens; concurrent callers share one exchange, since a
   * refresh token works only once. Resolves to true when signed in afterwards. */
  function refresh() {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return Promise.resolve(false);
    if (!session.refreshing) {
      session.refreshing = call(REFRESH, { refreshToken })
        .then((data) => { begin(data.refreshToken); return true; })
        .catch((err) => {
          if (err.code) {
            end("Your session ended (" + err.message + "): sign in again.", true);
          } else {
            status("Could not refresh the session: " + err.message, true);
          }
          return false;
        })
        .finally(() => { session.refreshing = null; });
    }
    return session.refreshing;
  }

  async function signIn(event) {
    event.preventDefault();
    const form = event.target;
    const email = form.elements.email.value.trim();
    const password = form.elements.password.value;
    status("Signing in…");
    let payload;
    try {
      payload = (await call(LOG_IN, { email, password })).logIn;
    } catch (err) {
      status("Sign-in failed: " + err.message, true);
      return;
    }
    form.elements.password.value = "";
    if (config.mode === "admin" && !config.adminRoles.includes(payload.account.role)) {
      await call(LOG_OUT, { refreshToken: payload.refreshToken }, payload.accessToken)
        .catch(() => null);
      status("This GraphiQL is for Sellergate admins; " + payload.account.role +
        " accounts use the Sellergate app.", true);
      return;
    }
    begin(payload);
    status("");
  }

  async function signOut() {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    const accessToken = session.accessToken;
    end("Signed out.", false);
    if (refreshToken && accessToken) {
      await call(LOG_OUT, { refreshToken }, accessToken).catch(() => null);
    }
  }

  function isUnauthenticated(body) {
    return Boolean(body && Array.isArray(body.errors) && body.errors.some(
      (e) => e.extensions && e.extensions.code === "UNAUTHENTICATED"));
  }

  /** GraphiQL's fetch: adds the bearer token unless the Headers tab sets Authorization itself,
   * and retries once with a refreshed token when the access token was refused. */
  async function authorizedFetch(input, init) {
    const send = () => {
      const headers = new Headers((init && init.headers) || {});
      const ours = Boolean(session.accessToken) && !headers.has("Authorization");
      if (ours) headers.set("Authorization", "Bearer " + session.accessToken);
      return { ours, response: fetch(input, Object.assign({}, init, { headers })) };
    };
    const first = send();
    const response = await first.response;
    if (!first.ours) return response;
    const type = response.headers.get("content-type") || "";
    if (!type.includes("application/json")) return response;
    const body = await response.clone().json().catch(() => null);
    if (isUnauthenticated(body) && await refresh()) return send().response;
    return response;
  }

  function resetTabs() {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("graphiql:")) localStorage.removeItem(key);
    }
    window.location.reload();
  }

  function subscriptionUrl() {
    const url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.toString();
  }

  /** GraphiQL 3 fills its query and variables editors from the saved "query" and "variables"
   * rather than from the active tab, and reopens saved tabs only when those equal the active
   * tab's (else it adds a copy of the tab on every reload). Save the active tab's first: the
   * restored one, or the first example on a first visit. */
  function alignEditorsWithActiveTab() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem("graphiql:tabState"));
    } catch (err) {
      saved = null;
    }
    const restored = saved && Array.isArray(saved.tabs) && saved.tabs[saved.activeTabIndex];
    const active = restored || config.tabs[0];
    localStorage.setItem("graphiql:query", active.query || "");
    localStorage.setItem("graphiql:variables", active.variables || "");
  }

  /** GraphiQL learns the operation name 100 ms after a tab switch: a query run sooner would
   * name the previous tab's operation, which the gateway refuses. Name the document's own. */
  function currentOperation(params) {
    if (!params.operationName || typeof params.query !== "string") return params;
    const names = Array.from(
      params.query.replace(/#[^\n]*/g, "").matchAll(
        /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g),
      (match) => match[1]);
    if (names.includes(params.operationName) || names.length !== 1) return params;
    return Object.assign({}, params, { operationName: names[0] });
  }

  const root = ReactDOM.createRoot($("graphiql"));

  /** (Re)render GraphiQL. A new fetcher makes it fetch the schema again, as the caller now sees
   * it (production answers introspection to admins only). */
  function showGraphiQL() {
    const fetchGraphQL = GraphiQL.createFetcher({
      url: endpoint,
      fetch: authorizedFetch,
      subscriptionUrl: subscriptionUrl(),
      wsConnectionParams: () => (session.accessToken
        ? { Authorization: "Bearer " + session.accessToken } : {}),
    });
    const fetcher = (params, options) => fetchGraphQL(currentOperation(params), options);
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }));
  }

  $("sg-sign-in").addEventListener("submit", signIn);
  $("sg-sign-out").addEventListener("click", signOut);
  $("sg-reset-tabs").addEventListener("click", resetTabs);
  render();
  alignEditorsWithActiveTab();
  showGraphiQL();
  if (sessionStorage.getItem(REFRESH_KEY)) {
    status("Restoring your session…");
    refresh().then((ok) => { if (ok) status(""); });
  }
}());
