#!/usr/bin/env python3
"""Writes catalog/example/report/2026-Q2.snapshot.json and 2026-Q3.snapshot.json: a deterministic, synthetic
quarter of daily good/total event counts per SLO of catalog/example, shaped like `oac snapshot` output.

Ran once; the JSON files are committed. The bad days line up with the incidents of
catalog/example/incidents/2026-q3.yaml (INC-304, the GPU memory leak after the BERT v2.1 rollout on 2026-08-14,
exhausts bert-model-serving/availability). Counts are events per day: requests for event SLIs; for threshold
SLIs, seconds of evaluation summed over the shards that record them (86400 per shard and day).
"""
import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "catalog" / "example" / "report"

# service, slo, objective, daily total, baseline bad ratio, weekday dip (weekend traffic factor), threshold SLI
SLOS = [
    ("api-gateway", "availability", 99.95, 60_000_000, 0.00020, 0.70, False),
    ("api-gateway", "latency", 99.0, 60_000_000, 0.0050, 0.70, False),
    ("bert-model-serving", "accuracy", 99.0, 3 * 86400, 0.0010, 1.0, True),
    ("bert-model-serving", "availability", 99.9, 25_000_000, 0.00040, 0.75, False),
    ("bert-model-serving", "latency", 99.0, 25_000_000, 0.0038, 0.75, False),
    ("feature-pipeline", "completeness", 99.9, 50_000_000, 0.00030, 1.0, False),
    ("feature-pipeline", "data-quality", 95.0, 50_000_000, 0.020, 1.0, False),
    ("feature-pipeline", "freshness", 99.0, 2 * 86400, 0.0012, 1.0, True),
    ("llm-gateway", "availability", 99.9, 8_000_000, 0.00050, 0.80, False),
    ("llm-gateway", "time-to-first-token", 95.0, 8_000_000, 0.030, 0.80, False),
    ("llm-gateway", "token-throughput", 99.0, 3 * 86400, 0.0015, 1.0, True),
    ("nightly-training", "freshness", 95.0, 2 * 86400, 0.0030, 1.0, True),
]

# SLOs over the same events as another SLO (the same SLI), with their own objective: they copy its daily counts.
# Appended after SLOS, so adding one never changes the random draws, or the bytes, of the others.
# bert-model-serving/contract-availability is a calendar-month SLO: INC-304 breaks August's budget although the
# quarter as a whole stays above 99.8%.
SAME_EVENTS = [
    ("bert-model-serving", "contract-availability", 99.8, ("bert-model-serving", "availability")),
]

# Extra bad events per (quarter, SLO, day), as a share of that day's total: the incidents.
INCIDENTS = {
    "2026-Q3": {
        ("feature-pipeline", "freshness", "2026-07-03"): 0.13,           # INC-301: ~3h stale
        ("feature-pipeline", "completeness", "2026-07-03"): 0.020,       # INC-301: rows never written
        ("llm-gateway", "time-to-first-token", "2026-07-15"): 0.024,     # INC-302: eu-west KV-cache regression
        ("api-gateway", "availability", "2026-07-28"): 0.0012,           # INC-303: rate limiter rejects
        ("bert-model-serving", "availability", "2026-08-14"): 0.064,     # INC-304: GPU OOM, rollback at 15:30
        ("bert-model-serving", "latency", "2026-08-14"): 0.190,          # INC-304
        ("api-gateway", "availability", "2026-08-14"): 0.019,            # INC-304: 502s from bert
        ("api-gateway", "latency", "2026-08-14"): 0.020,                 # INC-304
        ("bert-model-serving", "accuracy", "2026-08-22"): 0.33,          # INC-305: 8h below 92%
        ("feature-pipeline", "data-quality", "2026-08-22"): 0.17,        # INC-305: nulled feature groups
        ("feature-pipeline", "completeness", "2026-08-22"): 0.012,       # INC-305
        ("llm-gateway", "token-throughput", "2026-09-02"): 0.063,        # INC-306: reservation exhausted
        ("llm-gateway", "availability", "2026-09-02"): 0.0045,           # INC-306
        ("nightly-training", "freshness", "2026-09-10"): 0.25,           # INC-307: model refresh delayed
        ("api-gateway", "availability", "2026-09-24"): 0.0125,           # INC-308: expired certificate
        ("llm-gateway", "availability", "2026-09-24"): 0.0215,           # INC-308
        ("bert-model-serving", "latency", "2026-09-29"): 0.170,          # INC-309: batch size 256
    },
    "2026-Q2": {
        ("api-gateway", "latency", "2026-05-12"): 0.26,                  # a bad release; latency missed in Q2
        ("api-gateway", "latency", "2026-05-13"): 0.14,
        ("llm-gateway", "availability", "2026-06-03"): 0.012,
        ("bert-model-serving", "availability", "2026-04-22"): 0.010,
    },
}

# Days the data is missing (Prometheus could not scrape the Pushgateway).
GAPS = {"2026-Q3": {("nightly-training", "freshness"): ["2026-08-03", "2026-08-04"]}, "2026-Q2": {}}

# llm-gateway/time-to-first-token ran at 93% until the objective was raised to 95% on 2026-08-01.
OBJECTIVE_CHANGES = {"2026-Q3": {("llm-gateway", "time-to-first-token"): ("2026-08-01", 93.0)}, "2026-Q2": {}}
# The lint rules' findings per team when the quarter's snapshot was taken (`oac snapshot` stores them; the
# report's debt trend compares the next quarter with them): Q2 still had debt that Q3's catalog has fixed.
LINT_FINDINGS = {"2026-Q2": {"data-engineering": {"owner-without-page-receiver": 1},
                             "ml-platform": {"metric-series-budget": 1, "missing-runbook": 2}}}
# Measured active series per job at the end of the quarter (scrape_samples_post_metric_relabeling).
ACTIVE = {"api-gateway": 6_410, "bert-serving": 28_650, "feature-pipeline": 241, "llm-gateway": 4_790,
          "nightly-training": 31, "prometheus": 3_120}


# On-call (snapshot version 3, key `onCall`): the quarter's firings of oac's alerts as `oac snapshot` reads them
# from ALERTS (alert, severity, team, service, slo; first and last firing evaluation, UTC). The pages line up with
# the incidents above; the rest is noise: llm-gateway/availability flaps for an hour on the night of 5 August
# (no incident), a Prometheus restart pages on 19 August, an api-gateway latency blip on 15 September.
# (alert, severity, team, service, slo, start, end)
ON_CALL = {
    "2026-Q3": [
        ("SLOBurnRate", "page", "data-engineering", "feature-pipeline", "freshness", "2026-07-03T02:32", "2026-07-03T05:06"),  # INC-301
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "completeness", "2026-07-03T03:00", "2026-07-03T06:30"),
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "data-quality", "2026-07-08T13:10", "2026-07-08T15:40"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "time-to-first-token", "2026-07-15T09:29", "2026-07-15T10:12"),  # INC-302
        ("SLOBurnRate", "ticket", "llm-infra", "llm-gateway", "time-to-first-token", "2026-07-15T10:00", "2026-07-15T12:30"),
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "data-quality", "2026-07-21T09:05", "2026-07-21T11:20"),
        ("SLOBurnRate", "ticket", "ml-platform", "api-gateway", "availability", "2026-07-28T16:12", "2026-07-28T17:30"),  # INC-303
        ("SLONoData", "ticket", "ml-platform", "nightly-training", "freshness", "2026-08-03T00:10", "2026-08-04T23:55"),  # gap
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "data-quality", "2026-08-04T14:20", "2026-08-04T18:05"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-08-05T20:10", "2026-08-05T20:16"),  # flapping
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-08-05T20:31", "2026-08-05T20:35"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-08-05T20:58", "2026-08-05T21:05"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-08-05T21:30", "2026-08-05T21:33"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-08-05T21:52", "2026-08-05T21:54"),
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "data-quality", "2026-08-12T10:40", "2026-08-12T12:15"),
        ("SLOBurnRate", "page", "ml-platform", "bert-model-serving", "latency", "2026-08-14T14:24", "2026-08-14T15:41"),  # INC-304
        ("SLOBurnRate", "page", "ml-platform", "bert-model-serving", "availability", "2026-08-14T14:29", "2026-08-14T15:47"),
        ("SLOBurnRate", "page", "ml-platform", "api-gateway", "availability", "2026-08-14T14:36", "2026-08-14T15:33"),
        ("ErrorBudgetFreeze", "ticket", "ml-platform", "bert-model-serving", None, "2026-08-14T15:50", "2026-09-13T15:50"),
        ("OACPrometheusDown", "page", "ml-platform", None, None, "2026-08-19T03:12", "2026-08-19T03:19"),  # restart
        ("SLOBurnRate", "page", "ml-platform", "bert-model-serving", "accuracy", "2026-08-22T08:41", "2026-08-22T12:20"),  # INC-305
        ("SLOBurnRate", "page", "data-engineering", "feature-pipeline", "data-quality", "2026-08-22T08:44", "2026-08-22T12:05"),
        ("SLOBurnRate", "ticket", "data-engineering", "feature-pipeline", "data-quality", "2026-08-22T09:30", "2026-08-22T16:00"),
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "token-throughput", "2026-09-02T18:52", "2026-09-02T20:01"),  # INC-306
        ("SLOBurnRate", "ticket", "llm-infra", "llm-gateway", "token-throughput", "2026-09-02T19:30", "2026-09-02T21:40"),
        ("SLOBurnRate", "ticket", "ml-platform", "nightly-training", "freshness", "2026-09-10T02:30", "2026-09-10T12:00"),  # INC-307
        ("SLOBurnRate", "page", "ml-platform", "api-gateway", "latency", "2026-09-15T13:40", "2026-09-15T13:52"),  # blip
        ("SLOBurnRate", "page", "ml-platform", "api-gateway", "availability", "2026-09-24T00:07", "2026-09-24T01:02"),  # INC-308
        ("SLOBurnRate", "page", "llm-infra", "llm-gateway", "availability", "2026-09-24T00:09", "2026-09-24T01:00"),
        ("SLOBurnRate", "page", "ml-platform", "bert-model-serving", "latency", "2026-09-29T13:14", "2026-09-29T14:22"),  # INC-309
    ],
}


def on_call(quarter):
    """The snapshot's `onCall` (version 3), or None for a quarter without alert history."""
    if quarter not in ON_CALL:
        return None
    firings = []
    for alert, severity, team, service, slo, start, end in sorted(ON_CALL[quarter], key=lambda f: (f[5], f[0], f[3] or "", f[4] or "")):
        f = {"alert": alert, "severity": severity, "team": team, "start": start + ":00Z", "end": end + ":00Z"}
        if service:
            f["service"] = service
        if slo:
            f["slo"] = slo
        firings.append(f)
    return {"firings": firings, "maxGapSeconds": 360.0, "stepSeconds": 60.0, "unread": []}


def days(quarter):
    year, q = int(quarter[:4]), int(quarter[-1])
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    d = start
    while d < end:
        yield d
        d += dt.timedelta(days=1)


def generate(quarter, seed, generated_at):
    rng = random.Random(seed)
    slos = []
    for service, slo, objective, volume, bad_ratio, weekend, threshold in SLOS:
        gaps = GAPS[quarter].get((service, slo), [])
        change = OBJECTIVE_CHANGES[quarter].get((service, slo))
        out_days = []
        for day in days(quarter):
            noise = rng.uniform(0.92, 1.08)
            d = day.isoformat()
            if d in gaps:
                continue
            if threshold:
                total = float(volume)
            else:
                total = float(round(volume * (weekend if day.weekday() >= 5 else 1.0) * noise))
            ratio = bad_ratio * rng.uniform(0.6, 1.4) + INCIDENTS[quarter].get((service, slo, d), 0.0)
            bad = round(total * min(ratio, 1.0))
            day_objective = objective
            if change and d < change[0]:
                day_objective = change[1]
            out_days.append({"date": d, "good": total - bad, "total": total, "objective": day_objective})
        slos.append({"service": service, "slo": slo, "objective": objective,
                     "objectiveChanged": change is not None, "days": out_days})
    for service, slo, objective, (source_service, source_slo) in SAME_EVENTS:
        source = next(x for x in slos if x["service"] == source_service and x["slo"] == source_slo)
        slos.append({"service": service, "slo": slo, "objective": objective, "objectiveChanged": False,
                     "days": [dict(d, objective=objective) for d in source["days"]]})
    last = list(days(quarter))[-1].isoformat()
    extra = {"lintFindings": LINT_FINDINGS[quarter]} if quarter in LINT_FINDINGS else {}
    out = extra | {
        "version": 1,
        "quarter": quarter,
        "generatedAt": generated_at,
        "source": "synthetic: scripts/generate-example-snapshots.py",
        "through": last,
        "slos": slos,
        "activeSeries": [{"job": job, "series": float(n)} for job, n in sorted(ACTIVE.items())],
    }
    history = on_call(quarter)
    if history is not None:
        out["onCall"] = history
        out["version"] = 3
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for quarter, seed, generated in [("2026-Q2", 20260401, "2026-07-01T06:00:00Z"),
                                     ("2026-Q3", 20260701, "2026-10-01T06:00:00Z")]:
        path = OUT / f"{quarter}.snapshot.json"
        path.write_text(json.dumps(generate(quarter, seed, generated), indent=2, sort_keys=True) + "\n")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
