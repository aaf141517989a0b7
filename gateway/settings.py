"""Process configuration, read once from ``SELLERGATE_*`` environment variables."""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.regions import REGIONS

__all__ = ["Settings", "get_settings", "reset_settings"]


class Settings(BaseSettings):
    """Every knob of a Sellergate process; the README lists them with their defaults."""

    model_config = SettingsConfigDict(env_prefix="SELLERGATE_", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = 8000
    region: str = Field(default="us", description="the region this process serves")
    placement_rules: dict[str, str] = Field(
        default_factory=dict,
        description='JSON country -> region overriding the default placement, e.g. {"HK": "cn"}')

    db_cn_url: str = ""
    db_us_url: str = ""
    db_directory_url: str = ""
    db_pool_max: int = 10

    broker_url: str = ""
    job_stall_seconds: int = 300
    reaper_interval_seconds: float = 30.0

    jwt_keys: str = Field(default="", description="kid:secret pairs, comma separated; the first signs")
    jwt_issuer: str = "sellergate"
    jwt_audience: str = "sellergate-api"
    access_token_ttl_seconds: int = 900
    principal_cache_seconds: float = Field(
        default=1.0, ge=0, le=60,
        description="how long an account's state read for a request serves the next ones")
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    blind_index_key: str = ""
    master_keys: str = Field(default="", description="kid:base64key pairs; the first wraps new keys")
    sealing_key: str = Field(default="", description="AES key (urlsafe base64, 32 bytes) for stored secrets")
    public_url: str = Field(default="", description="external base URL, for OAuth callbacks")

    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 20
    login_failure_window_seconds: int = 900
    login_lockout_backoff_factor: float = Field(
        default=2.0, description="each further lock-out of a key lasts this many times longer")
    login_lockout_max_seconds: int = 24 * 3600

    rate_limit_redis_url: str = Field(
        default="", description="redis:// for limits shared by replicas; default: the broker's "
                                "Redis, else in memory")
    rate_limit_log_in_per_ip_per_minute: int = 30
    rate_limit_log_in_per_account_per_minute: int = 10
    rate_limit_sign_up_per_ip_per_hour: int = 10
    rate_limit_webhooks_per_ip_per_minute: int = 600
    rate_limit_privacy_requests_per_ip_per_hour: int = 20
    rate_limit_privacy_requests_per_account_per_hour: int = 5

    graphql_max_depth: int = 10
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2000
    graphql_max_cost: int = Field(
        default=10000, description="each field costs 1; list fields multiply their subtree")
    graphql_default_list_size: int = Field(
        default=5, description="assumed size of a list field without a `first` argument")
    graphql_planned_execution: bool = Field(
        default=True, description="run queries from cached execution plans (schema.execution); "
                                  "off: graphql-core's executor resolves every field")
    graphql_max_batch_operations: int = Field(
        default=10, description="operations in one JSON-array request; 1 disables batching")
    cors_origins: str = Field(default="", description="origins allowed by CORS, comma separated")
    graphiql: Literal["", "on", "admin", "off"] = Field(
        default="", description="GraphiQL at GET /graphql: on, admin (for admins only) or off "
                                "(404); unset: on in development, admin in production")

    tracker: str = Field(default="seventeen_track", description="tracking plugin for new parcels")
    tracking_refresh_seconds: float = 900.0
    child_verification_days: int = 7
    privacy_requests_per_kind_per_30_days: int = 3
    export_link_ttl_hours: int = 72

    subscription_poll_seconds: float = Field(
        default=0.5, description="how often a subscription re-reads the rows it follows")
    persisted_queries: Literal["off", "auto", "allowlist"] = Field(
        default="auto", description="off; auto (Apollo automatic persisted queries); allowlist "
                                    "(only the operations of SELLERGATE_PERSISTED_QUERIES_FILE)")
    persisted_queries_file: str = Field(
        default="", description="manifest of allowed operations (`sellergate persisted-queries "
                                "build`); required by allowlist mode")
    persisted_queries_cache_size: int = Field(
        default=1000, description="queries kept in memory (least recently used go first)")
    persisted_queries_redis_url: str = Field(
        default="", description="redis:// to share registered queries between replicas; "
                                "default: the broker's Redis, else in memory")
    persisted_queries_ttl_seconds: int = Field(
        default=7 * 24 * 3600, description="how long Redis keeps a registered query unused")
    otel: Literal["off", "on"] = Field(
        default="off", description="OpenTelemetry spans around GraphQL operations and jobs "
                                   "(needs the `otel` extra)")

    log_level: str = "INFO"

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.region not in REGIONS:
            raise ValueError(f"SELLERGATE_REGION must be one of {', '.join(REGIONS)}")
        self.placement_rules = {c.strip().upper(): r for c, r in self.placement_rules.items()}
        unknown = {c: r for c, r in self.placement_rules.items() if r not in REGIONS or len(c) != 2}
        if unknown:
            raise ValueError(f"SELLERGATE_PLACEMENT_RULES maps ISO country codes to one of "
                             f"{', '.join(REGIONS)}; not {unknown}")
        if self.persisted_queries == "allowlist" and not self.persisted_queries_file:
            raise ValueError("SELLERGATE_PERSISTED_QUERIES=allowlist needs "
                             "SELLERGATE_PERSISTED_QUERIES_FILE (see `sellergate "
                             "persisted-queries build`)")
        if self.env == "production":
            missing = [
                name
                for name in ("db_cn_url", "db_us_url", "db_directory_url", "jwt_keys",
                             "blind_index_key", "sealing_key", "master_keys")
                if not getattr(self, name)
            ]
            if missing:
                names = ", ".join("SELLERGATE_" + m.upper() for m in missing)
                raise ValueError(f"production needs {names}")
        return self

    def database_url(self, alias: str) -> str:
        """The URL of a regional store (``cn``, ``us``) or of the global ``directory``."""
        url: str = getattr(self, f"db_{alias}_url")
        if url:
            return url
        return f"sqlite://{(self.data_dir / f'{alias}.sqlite3').resolve()}"

    def signing_keys(self) -> list[tuple[str, str]]:
        """JWT keys as (kid, secret); the first one signs, all of them verify."""
        raw = self.jwt_keys or self._embedded_secret("jwt_keys")
        keys = []
        for pair in raw.split(","):
            kid, _, secret = pair.strip().partition(":")
            if not kid or len(secret) < 32:
                raise ValueError("SELLERGATE_JWT_KEYS entries must be kid:secret, secret >= 32 chars")
            keys.append((kid, secret))
        return keys

    def sealing_secret(self) -> bytes:
        import base64

        raw = self.sealing_key or self._embedded_secret("sealing_key")
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        if len(key) != 32:
            raise ValueError("SELLERGATE_SEALING_KEY must be 32 bytes, urlsafe base64")
        return key

    def master_key_list(self) -> list[tuple[str, bytes]]:
        from gateway.privacy.keyring import parse_master_keys

        return parse_master_keys(self.master_keys or self._embedded_secret("master_keys"))

    def cors_origin_list(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",")
                if origin.strip()]

    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def blind_index_secret(self) -> bytes:
        return (self.blind_index_key or self._embedded_secret("blind_index_key")).encode()

    def _embedded_secret(self, name: str) -> str:
        """Secrets of the embedded default, made once and kept in the data directory."""
        path = self.data_dir / "secrets.json"
        stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        if name not in stored:
            stored[name] = {
                "jwt_keys": f"k{secrets.token_hex(4)}:{secrets.token_urlsafe(48)}",
                "sealing_key": secrets.token_urlsafe(32),
                "master_keys": f"mk{secrets.token_hex(3)}:{secrets.token_urlsafe(32)}",
            }.get(name) or secrets.token_urlsafe(48)
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored))
            path.chmod(0o600)
        return stored[name]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (after the environment changed: CLI options, tests)."""
    get_settings.cache_clear()
