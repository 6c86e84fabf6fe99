#!/usr/bin/env bash
# The test command: installs what the tests need (Debian packages; a no-op when present), then runs
# every test. Tests that need promtool, amtool or a Prometheus server find them on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
python3 -c 'import jsonschema, yaml' >/dev/null 2>&1 || need+=(python3-jsonschema python3-yaml)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian's prometheus package may start a server on :9090; our tests pick their own free ports anyway.

# The code follows .swift-format; `swift format -i -r Sources Tests Package.swift` fixes what this finds.
swift format lint --strict -r Sources Tests Package.swift
export OAC_REQUIRE_TOOLS="${OAC_REQUIRE_TOOLS:-${CI:-}}"
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
