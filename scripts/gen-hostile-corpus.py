#!/usr/bin/env python3
"""Writes Tests/OACCLITests/Fixtures/hostile/: catalogs built to break a YAML compiler or inject into its
output. Deterministic (seeded). Each must give exit 1 with a diagnostic, or exit 0 with a valid tree."""
import os, random
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "OACCLITests", "Fixtures", "hostile")
os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.remove(os.path.join(out, f))
rnd = random.Random(20261122)

PLATFORM = """apiVersion: oac/v1
kind: Platform
metadata: {name: acme}
spec:
  prometheus: {retention: 35d}
  retentionTiers:
    - {name: gold, metrics: {local: 15d, raw: 90d}, logs: 30d}
  alerting: {owner: web}
"""
TEAM = """apiVersion: oac/v1
kind: Team
metadata: {name: web}
spec:
  page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/pd}}
  ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/slack}}
"""
def service(description="plain", bad='http_requests_total{job="api",code=~"5.."}', total='http_requests_total{job="api"}',
            extra_slo="", name="api", labels="", annotations="", runbook="https://runbooks.example.com/api", help_text="requests"):
    return f"""apiVersion: oac/v1
kind: Service
metadata: {{name: {name}}}
spec:
  owner: web
  tier: gold
  description: {description}
  runbook: {runbook}
  metrics:
    - {{name: http_requests_total, type: counter, help: {help_text}, labels: {{code: 5}}}}
  slos:
    - name: availability
      objective: 99.9
      alerting: {{labels: {{{labels}}}, annotations: {{{annotations}}}}}
      sli:
        events:
          bad: {bad}
          total: {total}
{extra_slo}"""

def catalog(svc, platform=PLATFORM, team=TEAM):
    return "---\n".join([platform, team, svc])

files = {}
def add(name, content):
    assert name not in files
    files[name] = content

# --- Structure and size
laughs = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 12):
    laughs.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
add("alias-bomb-sequence.yaml", "\n".join(laughs) + "\n")
add("alias-bomb-as-key.yaml", "\n".join(laughs) + "\n? *a11\n: 1\n? *a10\n: 2\n")
add("alias-bomb-flow-key.yaml", "\n".join(laughs[:6]) + "\nx: {*a5 : 1, *a4 : 2}\n")
add("alias-bomb-in-spec.yaml", catalog(service()).replace("  metrics:\n", "  bomb: &b [[x, x, x, x], [x, x]]\n  labels: [*b, *b, *b]\n  metrics:\n", 1))
add("alias-bomb-mapping.yaml", "m0: &m0 {a: 1, b: 2, c: 3}\n" + "".join(f"m{i}: &m{i} {{a: *m{i-1}, b: *m{i-1}, c: *m{i-1}}}\n" for i in range(1, 25)) + "kind: Service\n")
add("undefined-alias.yaml", "apiVersion: oac/v1\nkind: Team\nmetadata: *nothing\n")
add("deep-flow-sequence.yaml", "a: " + "[" * 50000 + "]" * 50000 + "\n")
add("deep-flow-mapping.yaml", "a: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n")
add("deep-block-mapping.yaml", "".join(" " * i + f"k{i}:\n" for i in range(1500)))
add("deep-block-sequence.yaml", "".join(" " * (2 * i) + "-\n" for i in range(1500)))
add("long-line.yaml", "apiVersion: oac/v1\nkind: Team\nmetadata: {name: " + "a" * 1_000_000 + "}\n")
add("long-key.yaml", "apiVersion: oac/v1\nkind: Team\nmetadata: {name: t}\n" + "k" * 200_000 + ": 1\n")
add("many-documents.yaml", "---\n" * 20000)
add("many-keys.yaml", "apiVersion: oac/v1\nkind: Team\nmetadata: {name: t}\nspec:\n" + "".join(f"  key{i}: {i}\n" for i in range(20000)))
add("empty.yaml", "")
add("only-comments.yaml", "# nothing here\n# at all\n")
add("only-separator.yaml", "---\n...\n---\n")
add("scalar-document.yaml", "just a string\n")
add("list-document.yaml", "- a\n- b\n")
add("number-document.yaml", "42\n")
add("tabs.yaml", catalog(service()).replace("  owner: web", "\towner: web"))
add("unclosed-quote.yaml", catalog(service()).replace("  owner: web", "  owner: 'web"))
add("unclosed-flow.yaml", catalog(service()).replace("metadata: {name: api}", "metadata: {name: api"))
add("duplicate-keys.yaml", catalog(service()).replace("  tier: gold\n", "  tier: gold\n  tier: silver\n"))
add("crlf-line-endings.yaml", catalog(service()).replace("\n", "\r\n"))
add("utf8-bom.yaml", "\ufeff" + catalog(service()))
add("yaml-tags.yaml", catalog(service()).replace("  tier: gold", "  tier: !!binary Z29sZA=="))
add("python-tag.yaml", catalog(service()).replace("  tier: gold", "  tier: !!python/object:os.system [echo pwned]"))
add("merge-key.yaml", catalog(service()).replace("  owner: web\n", "  <<: {owner: web}\n"))
add("null-everywhere.yaml", "apiVersion:\nkind:\nmetadata:\nspec:\n")
add("wrong-types-everywhere.yaml", "apiVersion: [oac/v1]\nkind: {a: b}\nmetadata: 3\nspec: true\n")
for i in range(3):
    add(f"binary-junk-{i}.yaml", bytes(rnd.getrandbits(8) for _ in range(4096)))
add("invalid-utf8-lead.yaml", b"apiVersion: oac/v1\nkind: Team\nmetadata: {name: \xc3\x28}\n")
add("invalid-utf8-overlong.yaml", b"apiVersion: oac/v1\nkind: Team\nmetadata: {name: \xc0\xaf}\n")
add("invalid-utf8-truncated.yaml", b"apiVersion: oac/v1\nkind: Team\nmetadata: {name: \xe2\x82}")
add("nul-byte.yaml", b"apiVersion: oac/v1\nkind: Team\x00\nmetadata: {name: t}\n")
add("nul-in-string.yaml", catalog(service()).replace("plain", '"nul \\0 inside"'))
add("utf16.yaml", catalog(service()).encode("utf-16"))

# --- Names and text that must not inject into PromQL, YAML, JSON, HTML or templates
add("name-with-quotes.yaml", catalog(service(name='"api"')))
add("name-with-unicode.yaml", catalog(service(name="apï")))
add("name-with-newline.yaml", catalog(service(name='"api\\nkind: Platform"')))
add("name-too-long.yaml", catalog(service(name="a" * 64)))
add("description-script.yaml", catalog(service(description="'</script><script>alert(1)</script>'")))
add("description-template.yaml", catalog(service(description="'{{ $labels.instance }} {{ template \"x\" }}'")))
add("description-yaml-indicators.yaml", catalog(service(description="'a: b # c & d * e ! f | g > h % i @ j `k`'")))
add("description-newlines.yaml", catalog(service(description='"line1\\nline2: value\\n- item\\n---\\n"')))
add("description-unicode.yaml", catalog(service(description="'ünïcödé — 日本語 — emoji 🚀 — rtl \u202e olleh'")))
add("help-injection.yaml", catalog(service(help_text="'x\"}, {\"injected\": true, \"y\": \"'")))
add("selector-value-quotes.yaml", catalog(service(bad=r"""'http_requests_total{job="api",code="5\"00"}'""", total=r"""'http_requests_total{job="api"}'""")))
add("selector-value-backslashes.yaml", catalog(service(bad=r"""'http_requests_total{job="a\\pi",code=~"5\\d\\d"}'""", total=r"""'http_requests_total{job="a\\pi"}'""")))
add("selector-value-newline.yaml", catalog(service(bad=r"""'http_requests_total{job="api",code="5\n00"}'""")))
add("selector-value-template.yaml", catalog(service(bad="""'http_requests_total{job="{{ $labels.job }}",code="</script>"}'""")))
add("selector-injection-brace.yaml", catalog(service(bad="""'http_requests_total{job="api"} or vector(1)'""")))
add("selector-injection-comment.yaml", catalog(service(bad="""'http_requests_total{job="api"} # ) or up'""")))
add("alert-label-injection.yaml", catalog(service(labels="""component: '"}} {{ $value }} '""")))
add("alert-annotation-template.yaml", catalog(service(annotations="""note: '{{ range .Alerts }}{{ .Labels }}{{ end }} }} {{'""")))
add("alert-label-query.yaml", catalog(service(labels="""component: '{{ query "up" }}'""")))
add("alert-label-unbalanced.yaml", catalog(service(labels="""component: '}} {{'""")))
add("alert-label-reserved.yaml", catalog(service(labels="severity: critical")))
add("alert-label-invalid-name.yaml", catalog(service(labels="'bad-name': x")))
add("runbook-javascript.yaml", catalog(service(runbook="'javascript:alert(1)'")))
add("runbook-credentials.yaml", catalog(service(runbook="https://user:secret@runbooks.example.com/api")))
add("runbook-quote.yaml", catalog(service(runbook="\"https://runbooks.example.com/a'p\\\"i\"")))
WEBHOOK = 'ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/slack}}'
add("webhook-url-fragment-token.yaml", catalog(service(), team=TEAM.replace(WEBHOOK, 'ticket: {webhook: {url: "https://tickets.example.com/am#access_token=abc123"}}')))
add("webhook-url-teams.yaml", catalog(service(), team=TEAM.replace(WEBHOOK, 'ticket: {webhook: {url: "https://acme.webhook.office.com/webhookb2/1234/IncomingWebhook/5678"}}')))
add("smtp-username-password.yaml", catalog(service(), platform=PLATFORM.replace("alerting: {owner: web}", "alerting: {owner: web, smtp: {smarthost: 'smtp.example.com:587', from: 'a@example.com', authUsername: 'user:hunter2'}}")))
add("service-job-prometheus.yaml", catalog(service().replace("  owner: web\n", "  owner: web\n  job: prometheus\n", 1)))
add("service-named-prometheus.yaml", catalog(service(name="prometheus")))
add("routing-key-file-empty.yaml", catalog(service(), team=TEAM.replace("routingKeyFile: /etc/alertmanager/secrets/pd", "routingKeyFile: ''")))
add("api-url-file-empty.yaml", catalog(service(), team=TEAM.replace("apiURLFile: /etc/alertmanager/secrets/slack", "apiURLFile: ' '")))
add("smtp-smarthost-without-port.yaml", catalog(service(), platform=PLATFORM.replace("alerting: {owner: web}", "alerting: {owner: web, smtp: {smarthost: smtp.example.com, from: a@example.com}}")))
add("smtp-from-empty.yaml", catalog(service(), platform=PLATFORM.replace("alerting: {owner: web}", "alerting: {owner: web, smtp: {smarthost: 'smtp.example.com:587', from: ''}}")))

add("slack-channel-injection.yaml", catalog(service(), team=TEAM.replace('channel: "#web"', 'channel: "#web\\" }\\napi_url: http://evil"')))
add("secret-inline.yaml", catalog(service(), team=TEAM.replace("routingKeyFile: /etc/alertmanager/secrets/pd", "routingKey: 0123456789abcdef0123456789abcdef")))
add("secret-file-path-injection.yaml", catalog(service(), team=TEAM.replace("/etc/alertmanager/secrets/pd", "\"/etc/pd'\\n  api_url: http://evil\"")))
add("threshold-query-injection.yaml", catalog(service(extra_slo="""    - name: freshness
      objective: 99
      sli:
        threshold:
          query: 'time() - max(last_run_timestamp{job="api"}) ) or vector(0'
          op: "<="
          value: 3600
""")))
add("threshold-value-not-number.yaml", catalog(service(extra_slo="""    - name: freshness
      objective: 99
      sli:
        threshold:
          query: 'time() - max(last_run_timestamp{job="api"})'
          op: "<="
          value: 1e999
""")))
add("objective-float-noise.yaml", catalog(service()).replace("objective: 99.9", "objective: 99.90000000000000000000000000001"))
add("objective-nan.yaml", catalog(service()).replace("objective: 99.9", "objective: .nan"))
add("objective-huge.yaml", catalog(service()).replace("objective: 99.9", "objective: 1e308"))
add("window-overflow.yaml", catalog(service()).replace("objective: 99.9", "objective: 99.9\n      window: 99999999999999999999d"))
add("instances-overflow.yaml", catalog(service()).replace("  tier: gold\n", "  tier: gold\n  instances: 99999999999999999999999\n"))
add("cardinality-overflow.yaml", catalog(service()).replace("labels: {code: 5}", "labels: {a: 9223372036854775807, b: 9223372036854775807}"))
add("incident-script.yaml", catalog(service()) + """---
apiVersion: oac/v1
kind: IncidentLog
incidents:
  - id: "INC-<script>"
    title: "</script><img src=x onerror=alert(1)> {{ . }}"
    services: [api]
    severity: SEV2
    started: 2026-08-14T14:00:00Z
    detected: 2026-08-14T14:10:00Z
    resolved: 2026-08-14T13:00:00Z
    summary: "</td><script>alert(1)</script> {{ . }}"
""")

# --- Regular expressions RE2 refuses (Prometheus cannot load them), in every place a selector or query is written.
# PromQL strings need `\\` for one backslash of the pattern. Each must be refused (exit 1), not compiled.
RE2_REFUSED = {
    "lookahead": "(?!5)..",
    "lookbehind": "a(?<=a)",
    "backreference": "(5)\\\\1",
    "possessive": "5.++",
    "end-z": "5..\\\\Z",
    "atomic": "(?>5..)",
    "nested-repeat": "5{2}{3}",
    "named-group": "(?<c>5..)",
}
def sli_slo(sli):
    return "    - name: re2\n      objective: 99\n      sli:\n" + "".join(f"        {line}\n" for line in sli)
for key, rx in RE2_REFUSED.items():
    places = {
        "events-bad": service(bad=f"""'http_requests_total{{job="api",code=~"{rx}"}}'"""),
        "events-total": service(total=f"""'http_requests_total{{job="api",code=~"{rx}"}}'"""),
        "events-good": service(extra_slo=sli_slo(["events:", f"""  good: 'http_requests_total{{job="api",code=~"{rx}"}}'""",
                                                   """  total: 'http_requests_total{job="api"}'"""])),
        "latency-histogram": service(extra_slo=sli_slo(["latency:", f"""  histogram: 'http_requests_total{{job="api",code!~"{rx}"}}'""",
                                                        "  threshold: 0.5"])),
        "threshold-query": service(extra_slo=sli_slo(["threshold:", f"""  query: 'sum(rate(http_requests_total{{job="api",code=~"{rx}"}}[5m]))'""",
                                                      "  op: '>='", "  value: 1"])),
        "bad-query": service(extra_slo=sli_slo(["events:", f"""  badQuery: 'sum(rate(http_requests_total{{job="api",code=~"{rx}"}}[$window]))'""",
                                                """  totalQuery: 'sum(rate(http_requests_total{job="api"}[$window]))'"""])),
        "good-query": service(extra_slo=sli_slo(["events:", f"""  goodQuery: 'sum(rate(http_requests_total{{job="api",code!~"{rx}"}}[$window]))'""",
                                                 """  totalQuery: 'sum(rate(http_requests_total{job="api"}[$window]))'"""])),
        "total-query": service(extra_slo=sli_slo(["events:", """  badQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[$window]))'""",
                                                  f"""  totalQuery: 'sum(rate(http_requests_total{{job="api",code=~"{rx}"}}[$window]))'"""])),
        "log-selector": service().replace("  slos:\n", f"""  logs:\n    - {{selector: '{{app="api",level=~"{rx}"}}', volumePerDay: 1GB}}\n  slos:\n"""),
    }
    for place, svc in places.items():
        add(f"re2-{key}-{place}.yaml", catalog(svc))

# --- Issue 21, second pass: values Prometheus refuses (promtool 2.42), each refused by oac with a located diagnostic.
add("annotation-name-dash.yaml", catalog(service(annotations='"foo-bar": x')))
add("annotation-name-unicode.yaml", catalog(service(annotations='"\u00e9t\u00e9": x')))
add("annotation-name-digit.yaml", catalog(service(annotations='"1st": x')))
def with_targets(targets):
    return catalog(service().replace("  owner: web\n", f"  owner: web\n  targets: {targets}\n", 1))
add("targets-file-txt.yaml", with_targets("{file: /etc/prometheus/targets/api.txt}"))
add("targets-file-no-extension.yaml", with_targets("{file: /etc/prometheus/targets/api}"))
add("targets-file-glob-folder.yaml", with_targets("{file: '/etc/prometheus/*/api.json'}"))
add("targets-file-trailing-space.yaml", with_targets("{file: '/etc/prometheus/targets/api.json '}"))
def threshold_query(query, extra=""):
    return catalog(service(extra_slo=sli_slo(["threshold:", f"  query: '{query}'", "  op: '>='", "  value: 1"]) + extra))
RATE = 'sum(rate(http_requests_total{job="api"}[5m]))'
add("threshold-number-1e309.yaml", threshold_query(f"{RATE} * 1e309"))
add("threshold-number-minus-1e309.yaml", threshold_query(f"{RATE} > -1e309"))
add("threshold-number-hex-huge.yaml", threshold_query(f"{RATE} * 0xffffffffffffffffffffffff"))
add("threshold-number-hex-2p63.yaml", threshold_query(f"{RATE} * 0x8000000000000000"))
add("threshold-number-octal.yaml", threshold_query(f"{RATE} > 010"))
add("threshold-duration-as-number.yaml", threshold_query(f"{RATE} > 5m"))
add("threshold-duration-at.yaml", threshold_query('sum(rate(http_requests_total{job="api"}[5m] @ 5m))'))
add("threshold-number-as-range.yaml", threshold_query('sum(rate(http_requests_total{job="api"}[300]))'))
add("threshold-number-as-offset.yaml", threshold_query('sum(rate(http_requests_total{job="api"}[5m] offset 60))'))
add("threshold-number-as-step.yaml", threshold_query('max_over_time(sum(rate(http_requests_total{job="api"}[5m]))[1h:60])'))
add("bad-query-duration-as-number.yaml", catalog(service(extra_slo=sli_slo(["events:",
    """  badQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[$window])) + 0 * 1h'""",
    """  totalQuery: 'sum(rate(http_requests_total{job="api"}[$window]))'"""]))))
add("threshold-value-1e309.yaml", catalog(service(extra_slo=sli_slo(["threshold:", f"  query: '{RATE}'", "  op: '>='", "  value: 1e309"]))))
add("incident-date-rollover.yaml", catalog(service()) + """---
apiVersion: oac/v1
kind: IncidentLog
incidents:
  - id: INC-1
    title: rollover
    services: [api]
    severity: SEV2
    started: 2026-09-31T10:00:00Z
    detected: 2026-02-29T10:00:00Z
    resolved: 2026-10-01T24:00:00Z
""")
add("top-level-unknown-key.yaml", catalog(service()) + "users: [alice]\n")

for name, content in sorted(files.items()):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
print(len(files), "hostile catalogs")
