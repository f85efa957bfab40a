#!/usr/bin/env bash
# bench/import.sh — time `plein import` of a synthetic CSV (issue 3: 100,000
# rows in under 60 s). The CSV comes from `plein demo --csv` (same name lists
# as the demo organisation, managers by e-mail, skills and languages); it is
# imported into an empty data directory, then dry-run and imported again
# (every row matched, nothing changes). Prints wall time and peak memory.
# Nothing here asserts time.
#
#   PEOPLE=100000 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-100000}
BIN=${PLEIN_BIN:-./plein}
data=$(mktemp -d)
csv="$data/people.csv"
trap 'rm -rf "$data"' EXIT

"$BIN" demo --csv "$csv" --people "$PEOPLE" --seed 1
echo "bench: $(wc -c < "$csv") bytes, $(wc -l < "$csv") lines"
for step in "import (empty database)" "import --dry-run (all matched)" "import again (all unchanged)"; do
	args=(import --data "$data/db")
	case $step in *dry-run*) args+=(--dry-run) ;; esac
	echo "bench: $step"
	/usr/bin/time -f "  %e s wall, %M KiB peak" "$BIN" "${args[@]}" "$csv" 2>&1
done
