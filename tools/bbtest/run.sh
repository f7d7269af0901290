# busybox's own test suite (testsuite/ in its source), run by busybox's
# ash the same way on our system and on the host (tools/bbtestcmp.py):
#
#   BB=BUSYBOX [BBT_BOUND=FILE BBT_SECS=N] ash run.sh WORK TESTSUITE CONFIG [APPLET...]
#
# BB is the busybox to test: /bin/busybox on our system; on the host a
# wrapper that runs the same riscv64 binary under qemu-riscv64. Every
# command here is one of its applets, so neither side's other programs
# (ours in /bin, the host's) take part. WORK is an empty directory on a
# file system with symbolic links (/tmp). The suite's scripts start
# "#!/bin/sh", which would be the host's dash: they are copied with
# WORK/bin/sh (busybox's ash) as their interpreter instead, and the
# applets are found through WORK/links alone, as runtest makes them.
# BBT_BOUND names the cases (one a line) that run under `timeout BBT_SECS`
# (bound.sh, beside this file, appended to the suite's testing.sh).
set -e
work=$1 src=$2 config=$3
shift 3
$BB mkdir -p "$work/bin" "$work/links"
$BB ln -s "$BB" "$work/bin/busybox"
$BB ln -s "$work/bin/busybox" "$work/bin/sh"
$BB cp "$config" "$work/bin/.config"
$BB cp -r "$src" "$work/testsuite"
cd "$work/testsuite"
for f in $($BB grep -rl '^#!/bin/sh' .); do
	$BB sed -i "1s|^#!/bin/sh|#!$work/bin/sh|" "$f"
done
$BB sed -i 's/^testing()$/bbt_testing()/' testing.sh
$BB cat "${0%/*}/bound.sh" >>testing.sh
for a in $($BB --list); do
	$BB ln -s "$work/bin/busybox" "$work/links/$a"
done
set +e
$BB env -i PATH="$work/bin:$work/links" HOME="$work" bindir="$work/bin" \
	BBT_BOUND="${BBT_BOUND:-}" BBT_SECS="${BBT_SECS:-}" \
	"$work/bin/sh" ./runtest "$@"
echo "runtest: exit status $?"
