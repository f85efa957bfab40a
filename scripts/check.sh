#!/usr/bin/env bash
# check.sh — run every test of plein; called by `make check` once
# build/asan/plein, build/asan/tests/test_* and build/fuzz/fuzz_* are built.
#
#   1. unit tests (cmocka, ASan+UBSan), run from the repository root;
#      counted per test from cmocka's "[  PASSED  ]" / "[  FAILED  ]" lines
#   2. each fuzzer replays its corpus once (tests/fuzz/corpus/<name>);
#      each harness counts as one test
#   3. the node suites (tests/e2e/, tests/browser/) against build/asan/plein,
#      counted from node's TAP summary ("# pass N", "# fail N")
#
# Prints each stage's result and ends with the line "N passed, N failed";
# exits non-zero when anything failed. A binary that crashes, leaks or times
# out after its tests passed counts as one more failure. Full output of each
# step is kept in build/check/.
set -u

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
LOGS=build/check
mkdir -p "$LOGS"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

UNIT_TIMEOUT=${UNIT_TIMEOUT:-600}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-600}
NODE_TIMEOUT=${NODE_TIMEOUT:-1800}

total_pass=0
total_fail=0
failures=()

# Sum the N of every line matching "<prefix> N test(s)" in a file.
sum_counts() {
	local prefix=$1 file=$2
	grep -aE "^\[ *${prefix} *\] [0-9]+ test\(s\)" "$file" | sed -E 's/^\[[^]]*\] ([0-9]+).*/\1/' |
		awk '{ s += $1 } END { print s + 0 }'
}

# Show the end of a log when something failed, so CI output says why.
show_tail() {
	echo "    --- last lines of $1 ---"
	tail -n "${2:-40}" "$1" | sed 's/^/    | /'
	echo "    ---"
}

run_timed() {
	local secs=$1
	shift
	if command -v timeout >/dev/null 2>&1; then
		timeout --kill-after=10 "$secs" "$@"
	else
		"$@"
	fi
}

# ---- 1. unit tests -----------------------------------------------------------
echo "== unit tests"
u_pass=0
u_fail=0
shopt -s nullglob
for t in build/asan/tests/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	name=$(basename "$t")
	log="$LOGS/$name.log"
	run_timed "$UNIT_TIMEOUT" "$t" >"$log" 2>&1
	rc=$?
	p=$(sum_counts PASSED "$log")
	f=$(sum_counts FAILED "$log")
	note=""
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed, leaked, timed out, or a group setup failed: one failure
		f=1
		case $rc in
		124|137) note=" (timed out after ${UNIT_TIMEOUT}s)" ;;
		*) note=" (exit status $rc after the tests)" ;;
		esac
	elif [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		note=" (no test results in the output)"
	fi
	u_pass=$((u_pass + p))
	u_fail=$((u_fail + f))
	if [ "$f" -gt 0 ]; then
		echo "  FAIL $name: $p passed, $f failed$note"
		failures+=("unit $name$note")
		show_tail "$log" 60
	else
		echo "  ok   $name: $p passed"
	fi
done
echo "unit tests: $u_pass passed, $u_fail failed"
total_pass=$((total_pass + u_pass))
total_fail=$((total_fail + u_fail))

# ---- 2. fuzz corpora -----------------------------------------------------------
echo "== fuzz corpora (replayed once)"
z_pass=0
z_fail=0
for fz in build/fuzz/fuzz_*; do
	[ -f "$fz" ] && [ -x "$fz" ] || continue
	name=$(basename "$fz")
	corpus="tests/fuzz/corpus/$name"
	log="$LOGS/$name.log"
	if [ ! -d "$corpus" ]; then
		# no seeds yet: still run the harness once on the empty input
		corpus=$(mktemp -d)
		run_timed "$FUZZ_TIMEOUT" "$fz" -runs=0 "$corpus" >"$log" 2>&1
		rc=$?
		rmdir "$corpus"
		corpus="(no corpus)"
	else
		run_timed "$FUZZ_TIMEOUT" "$fz" -runs=0 "$corpus" >"$log" 2>&1
		rc=$?
	fi
	inputs=$(grep -aoE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -n1)
	if [ "$rc" -eq 0 ]; then
		z_pass=$((z_pass + 1))
		echo "  ok   $name: ${inputs:-?} inputs from $corpus"
	else
		z_fail=$((z_fail + 1))
		echo "  FAIL $name: exit status $rc on $corpus"
		failures+=("fuzz $name")
		show_tail "$log" 60
	fi
done
shopt -u nullglob
echo "fuzz corpora: $z_pass passed, $z_fail failed"
total_pass=$((total_pass + z_pass))
total_fail=$((total_fail + z_fail))

# ---- 3. end-to-end and browser suites -------------------------------------------
dirs=()
for d in tests/e2e tests/browser; do
	[ -d "$d" ] && dirs+=("$d/")
done
if [ "${#dirs[@]}" -gt 0 ]; then
	echo "== node suites: ${dirs[*]}"
	log="$LOGS/node.log"
	if ! command -v node >/dev/null 2>&1; then
		echo "  FAIL node is not installed"
		total_fail=$((total_fail + 1))
		failures+=("node suites (node missing)")
	else
		PLEIN_BIN="$ROOT/build/asan/plein" run_timed "$NODE_TIMEOUT" \
			node --test --test-reporter=tap --test-concurrency=2 --test-timeout=180000 "${dirs[@]}" >"$log" 2>&1
		rc=$?
		# the summary lines are the last "# pass" / "# fail" of the top level
		n_pass=$(grep -aE '^# pass [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+')
		n_fail=$(grep -aE '^# fail [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+')
		n_cancel=$(grep -aE '^# cancelled [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+')
		n_pass=${n_pass:-0}
		n_fail=$(( ${n_fail:-0} + ${n_cancel:-0} ))
		note=""
		if [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
			n_fail=1
			note=" (node exited with status $rc)"
		fi
		if [ "$n_fail" -gt 0 ]; then
			failures+=("node suites$note")
			# each failing test with the start of its diagnostics (location, error)
			awk '/^ *not ok / { n = 12 } n > 0 { print "    | " $0; n--; if ($0 ~ /^ *\.\.\.$/) n = 0 }' \
				"$log" | head -n 400
			if [ -n "$note" ]; then
				show_tail "$log" 40
			fi
		fi
		echo "node suites: $n_pass passed, $n_fail failed$note"
		total_pass=$((total_pass + n_pass))
		total_fail=$((total_fail + n_fail))
	fi
else
	echo "== node suites: none (no tests/e2e or tests/browser)"
fi

# ---- summary ---------------------------------------------------------------------
echo
if [ "${#failures[@]}" -gt 0 ]; then
	echo "failed:"
	for x in "${failures[@]}"; do
		echo "  - $x"
	done
	echo "(full logs in $LOGS/)"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
