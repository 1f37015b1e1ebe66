#!/usr/bin/env bash
# The STATUSU6 worked example: a real Statistics Denmark download through Fælled, end to end, in a
# fresh FAELLED_HOME. Prints kommunekode;value for all 98 municipalities (CSV).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
faelled="${FAELLED:-$root/.venv/bin/faelled}"
export FAELLED_HOME="$(mktemp -d)/faelled-data"
export FAELLED_CONTENT_DIR="$here/content"   # the user contract and KPI
trap 'rm -rf "$(dirname "$FAELLED_HOME")"' EXIT

"$faelled" ingest "$root/data/public/dst/statusu6_2024_kommuner_raw.csv" --dataset statusu6 >&2
"$faelled" compute --kpi dst_statusu6_dropout_share >&2
"$faelled" kpi values dst_statusu6_dropout_share --period 2024
