#!/bin/sh
# make test: every suite, each ending with a line "NAME: N passed,
# N failed[, N skipped]" and its time; then the totals on one line. The
# host's suites run beside the QEMU suites that boot one hart, their
# output shown when they are all done; then the rest in two lanes, one a
# core (queued() below), but for the interactive sessions, which run last.
#   fs      host unit tests of the FAT32 library (ASan/UBSan)
#   elf     host unit tests of initElf (ASan/UBSan)
#   core    host unit tests of the core-dump layout (ASan/UBSan), and
#           readelf on the cores they write (PN_XNUM and ELFCLASS32
#           included), gdb on the 32-bit one
#   dl      host unit tests of the object loader's checks and relocations
#   elf-fuzz, fs-fuzz, dl-fuzz  libFuzzer on initElf, the FAT library and
#           the object loader,
#           FUZZ_SECONDS each (default 45); any finding fails the suite
#   linux   the test programs under qemu-riscv64 (Linux's own semantics)
#   system-1, system-4  the test programs booted in QEMU under our kernel
#           (the grader) on one hart and on four
#   system-eager  the whole system suite again with every program
#           loaded whole at exec (booted with loader=eager), on four harts
#   system-strict  the W+X test again, booted with wx=strict
#   system-norandmaps  the randomization test again, booted with
#           norandmaps: every region fixed, randomize_va_space 0
#   system-aslrmaps  the randomization tests that exec one program
#           hundreds of times (aslrmaps, aslr), in a boot of their own
#   system-sysfuzz  the system-call fuzzer (user/tests/sysfuzz.c), in a
#           boot of its own on four harts: random arguments to every
#           call number, then the kernel's pages, processes and files
#           must be as they were
#   linux-abi-dyn  the same programs linked dynamically, run by Debian's
#           ld.so and libc.so.6 on both sides
#   linux-abi, linux-abi-musl  the glibc-static corpus on our kernel and on
#           Linux (qemu-riscv64); then the same sources linked static with
#           musl, each binary compared with itself under qemu-riscv64
#   libc-reach, libc-reach-dyn  user/libc's programs, a family of musl
#           functions that make system calls each, static and dynamic,
#           on our kernel and under qemu-riscv64 (tools/linuxcmp.py --set)
#   userland  busybox's ash and applets and lua scripts (user/userland/)
#           on our kernel and under qemu-riscv64: the same binaries must
#           print the same (tools/userlandcmp.py)
#   busybox-testsuite-1 to -4  busybox's own testsuite/ (runtest), every
#           applet it tests, in four groups of about the same cost
#           (tools/bbtestcmp.py --all), the same binary on our kernel and
#           under qemu-riscv64, case by case
#   interactive  a scripted session typed at the shell through a pty
#   interactive-sifive_u  the same session on sifive_u, two U54 harts: the
#           SiFive UART's input interrupt through the PLIC to the tty
#   tmpfs   host unit tests of tmpfs (os/fs/tmpfs/) on a shim (ASan/UBSan)
#   sd      host unit tests of the SD card's CRC7, CRC16 and CSD sizes
#   pbuf    host unit tests of procfs's text sink: windows of a long text
#   abi     os/uapi/linux against Debian's riscv64 Linux and glibc headers:
#           every number, size and offset (tools/abicheck.py)
#   system-sifive_u  the system tests on QEMU sifive_u, two U54 harts, the
#           image as an SD card on the SPI bus: all but mount and mountcmd
#           and fatsharedfull (they need virt's extra disks), corpus and corpuspar (over a
#           minute each on the slower SD path), diskfull and corelimit (they
#           fill the 128 MiB image's 31 free MiB: minutes over SPI)
#   sd-nocard  sifive_u with an empty SD slot: a clear message, power off
#   boots-sifive_u  sifive_u booted 10 times on four U54 harts: every hart
#           up, a clean power off each time (tools/bootloop.py)
set -u
BUILD=${BUILD:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-45}
PY=/usr/bin/python3	# Debian's python, which has python3-pexpect
tally=$BUILD/test-tally	# one line per suite: "PASSED FAILED SKIPPED"

# suite NAME CMD...: runs CMD, shows its output, and tallies its result
# line; a suite without one counts as one failure.
suite() {
	name=$1
	shift
	log=$BUILD/test-$name.log
	start=$(date +%s)
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	echo "($name: $(( $(date +%s) - start )) s)"
	line=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "$name: no result line: counted as one failure"
		echo "0 1 0" >>"$tally"
		return
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	echo "$p $f ${s:-0}" >>"$tally"
}

# The host's suites (unit tests, fuzzers, the programs under
# qemu-riscv64) each keep one core busy; they run beside the QEMU
# suites that boot one hart, so that two cores do two things at once.
host_suites() {
	suite fs make -s fs-test
	suite elf make -s elf-test
	suite core make -s core-test
	suite sd make -s sd-test
	suite string make -s string-test
	suite tmpfs make -s tmpfs-test
	suite pbuf make -s pbuf-test
	suite walk make -s walk-test
	suite fdt make -s fdt-test
	suite abi make -s abi-test
	suite vdso make -s vdso-test
	suite elf-fuzz make -s elf-fuzz FUZZ_SECONDS=$FUZZ_SECONDS
	suite dl make -s dl-test
	suite dl-fuzz make -s dl-fuzz FUZZ_SECONDS=$FUZZ_SECONDS
	suite fs-fuzz make -s fs-fuzz FUZZ_SECONDS=$FUZZ_SECONDS
	suite linux sh user/tests/run-host.sh "$BUILD"
}

mkdir -p "$BUILD"
: >"$tally"
started=$(date +%s)
host_suites >"$BUILD/test-host.log" 2>&1 &
host_pid=$!
trap 'kill $host_pid 2>/dev/null' INT TERM

# One hart each, beside the host's suites.
suite system-1 $PY tools/grader.py --kernel "$BUILD/kernel" \
	--image "$BUILD/fs.img" --disk "$BUILD/vdb.img" --disk "$BUILD/vdc.img" \
	--workdir "$BUILD/grader-1" --cpus 1 --label system-1
suite linux-abi $PY tools/linuxcmp.py --build "$BUILD"
suite linux-abi-dyn $PY tools/linuxcmp.py --build "$BUILD" --dynamic
suite linux-abi-musl $PY tools/linuxcmp.py --build "$BUILD" --musl
suite libc-reach $PY tools/linuxcmp.py --build "$BUILD" --set libc
suite libc-reach-dyn $PY tools/linuxcmp.py --build "$BUILD" --set libc-dyn
suite userland $PY tools/userlandcmp.py --build "$BUILD"
suite sd-nocard $PY tools/sdnocard.py --kernel "$BUILD/kernel"

wait $host_pid
cat "$BUILD/test-host.log"

# The rest, one a lane's turn: two lanes (a core each) take the suites of
# queued() in order, each the next one no lane has taken (mkdir is the
# atomic claim), so both cores stay busy until the list is done; each
# suite's output is kept apart and shown in the list's order afterwards.
# The costliest come first. busybox's own suite (every applet) is in four
# groups, a suite each: a boot on one hart, compared with Linux's results
# for the same inputs recorded by make bbtest-linux-ref (a run of Linux's
# side under qemu-riscv64 takes about four times make test's budget;
# where the record does not match the inputs, it runs anyway).
queued() {
	case $1 in
	[1-4]) suite busybox-testsuite-$1 $PY tools/bbtestcmp.py --build "$BUILD" --all \
		--groups 4 --group $1 --jobs 2 --label busybox-testsuite-$1 \
		--linux-ref tools/bbtest/linux-ref ;;
	5) suite system-sifive_u $PY tools/grader.py --machine sifive_u --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-sifive_u" --cpus 2 \
		--timeout 60 --boot-timeout 60 --label system-sifive_u $sifive_tests ;;
	6) suite system-eager $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --disk "$BUILD/vdb.img" --disk "$BUILD/vdc.img" \
		--workdir "$BUILD/grader-eager" \
		--cpus 4 --bootargs loader=eager --label system-eager ;;
	7) suite system-4 $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --disk "$BUILD/vdb.img" --disk "$BUILD/vdc.img" \
		--workdir "$BUILD/grader-4" --cpus 4 --label system-4 ;;
	# aslrmaps and aslr (400 and 200 randomized execs of one program;
	# NAME.alone.out, so no other boot runs them) boot alone: in a boot
	# that runs coreoom after them coreoom takes 85 s, not 1, as QEMU
	# invalidates the many translations of the text pages the text cache
	# gives back (docs/mm.md).
	8) suite system-aslrmaps $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-aslrmaps" --cpus 4 \
		--variant alone --label system-aslrmaps aslrmaps aslr ;;
	9) suite boots-sifive_u $PY tools/bootloop.py --machine sifive_u --cpus 4 --boots 10 \
		--kernel "$BUILD/kernel" --image "$BUILD/fs.img" --workdir "$BUILD/bootloop" \
		--label boots-sifive_u ;;
	10) suite orphan-poweroff $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-orphan" \
		--poweroff-force --label orphan-poweroff fatorphan ;;
	11) suite system-strict $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-strict" \
		--bootargs wx=strict --variant strict --label system-strict wx ;;
	12) suite system-norandmaps $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-norandmaps" \
		--bootargs norandmaps --variant norandmaps --label system-norandmaps aslr sysrandva ;;
	# sysfuzz's expected output is sysfuzz.fuzz.out: no other boot runs
	# it, so that what the children leave behind (a renice, a full pipe)
	# reaches no other test
	13) suite system-sysfuzz $PY tools/grader.py --kernel "$BUILD/kernel" \
		--image "$BUILD/fs.img" --workdir "$BUILD/grader-sysfuzz" --cpus 4 \
		--timeout 120 --variant fuzz --label system-sysfuzz sysfuzz ;;
	*) return 1 ;;
	esac
}
lane() {
	i=1
	while [ $i -le 13 ]; do
		if mkdir "$BUILD/test-lanes/$i" 2>/dev/null; then
			queued $i >"$BUILD/test-lanes/$i/out" 2>&1
		fi
		i=$((i + 1))
	done
}
sifive_tests=$(ls user/tests/*.out | sed 's|.*/||; s|\.out$||' | grep -v '\.' |
	grep -vx 'mount\|mountcmd\|fatsharedfull\|corpus\|corpuspar\|diskfull\|corelimit')
rm -rf "$BUILD/test-lanes" && mkdir "$BUILD/test-lanes"
lane &
lane_a=$!
lane &
lane_b=$!
trap 'kill $lane_a $lane_b 2>/dev/null' INT TERM
wait $lane_a $lane_b
i=1
while [ $i -le 13 ]; do
	cat "$BUILD/test-lanes/$i/out"
	i=$((i + 1))
done

# The interactive sessions' timing wants a quiet host.
suite interactive $PY tools/interactive.py "$BUILD/kernel" "$BUILD/fs.img"
suite interactive-sifive_u $PY tools/interactive.py "$BUILD/kernel" "$BUILD/fs.img" \
	--machine sifive_u --cpus 2 --boot-timeout 60 --label interactive-sifive_u

echo "(make test's suites: $(( $(date +%s) - started )) s)"
set -- $(awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }' "$tally")
if [ "$3" -gt 0 ]; then
	echo "$1 passed, $2 failed, $3 skipped"
else
	echo "$1 passed, $2 failed"
fi
[ "$2" -eq 0 ]
