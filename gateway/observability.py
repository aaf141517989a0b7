"""Prometheus metrics of the work behind the API: jobs by kind, connector calls by plugin.

The HTTP and GraphQL metrics live with the edge (``gateway.http.metrics``); these are recorded by
the service layer and the connector SDK, wherever they run. Labels come from bounded sets (job
kinds and plugin names are registered in code), never from request data.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

__all__ = [
    "CONNECTOR_REQUESTS",
    "CONNECTOR_SECONDS",
    "JOBS",
    "JOB_SECONDS",
    "RATE_LIMIT_WAITS",
    "RATE_LIMIT_WAIT_SECONDS",
    "observe_connector_request",
    "observe_job",
    "observe_rate_limit_wait",
    "status_outcome",
]

JOBS = Counter("sellergate_jobs_total", "Job runs by kind and outcome (succeeded, retried, "
               "failed)", ["kind", "outcome"])
JOB_SECONDS = Histogram("sellergate_job_seconds", "Duration of one job run", ["kind", "outcome"],
                        buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900))
CONNECTOR_REQUESTS = Counter("sellergate_connector_requests_total",
                             "Upstream HTTP requests by plugin and outcome (2xx, 4xx, 429, 5xx, "
                             "network)", ["plugin", "outcome"])
CONNECTOR_SECONDS = Histogram("sellergate_connector_request_seconds",
                              "Upstream HTTP request latency", ["plugin"])
RATE_LIMIT_WAITS = Counter("sellergate_connector_rate_limit_waits_total",
                           "Times a plugin waited out an upstream rate limit", ["plugin"])
RATE_LIMIT_WAIT_SECONDS = Counter("sellergate_connector_rate_limit_wait_seconds_total",
                                  "Seconds spent waiting out upstream rate limits", ["plugin"])


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    """One run of a job handler: ``outcome`` is succeeded, retried (will run again) or failed."""
    JOBS.labels(kind, outcome).inc()
    JOB_SECONDS.labels(kind, outcome).observe(seconds)


def status_outcome(status: int | None) -> str:
    """The outcome label of an upstream answer (None: no answer, a network error)."""
    if status is None:
        return "network"
    if status == 429:
        return "429"
    return f"{status // 100}xx"


def observe_connector_request(plugin: str, status: int | None, seconds: float) -> None:
    CONNECTOR_REQUESTS.labels(plugin, status_outcome(status)).inc()
    CONNECTOR_SECONDS.labels(plugin).observe(seconds)


def observe_rate_limit_wait(plugin: str, seconds: float) -> None:
    RATE_LIMIT_WAITS.labels(plugin).inc()
    RATE_LIMIT_WAIT_SECONDS.labels(plugin).inc(seconds)
