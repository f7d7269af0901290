#!/bin/sh
# Runs every user test under qemu-riscv64 (Linux user-mode emulation: the
# same static binaries, the same syscall ABI) and compares its output with
# user/tests/NAME.out, as the grader does on the real kernel.
#
#   sh user/tests/run-host.sh [BUILD]      (after `make user`)
#
# Tests see a private root holding /tests, /data, /bin and a tmpfs on /tmp
# (as our kernel mounts one at boot), made with a user
# mount and UTS namespace (unshare -rmu: hostname sets the name) and chroot. Without unshare, the tests
# that need /data, or write to / (files, pathbad, unlinkstat, memfdseal), or set the host name (hostname), are skipped. Tests that execve
# programs (auxv, wx, sharedpage, fatsharedexec, affinity,
# nofileexec, fpregs, pathmax, shebangnest, execat) need the host to run RISC-V
# binaries itself (binfmt_misc with qemu-user's F flag); without it they
# are skipped. parexec, parfiles, sleepwake, cowstress, tmpfsmem, tmpfsstress, vfsstress, procrace, manyproc, forkfail, threadkill, vmamany, mmpages, fdxleak, ptimerleak, corpus, execfail, lazy and
# lazypar and callsleak are skipped always: the first fifteen and callsleak count our kernel's free pages (as forkcopy does), which
# Linux's other activity moves, corpus and execfail expect our kernel's exec
# limits, and lazy and lazypar use our loader's own calls (vmamany's
# other lines match Linux's: checked by hand under qemu-riscv64); so is diskfull, which would
# fill the host's disk, and so are coredump, coredyn, corefuse, corelimit,
# coreoom and coremany, which read this kernel's core files (coreoom takes every free
# page first), mount and fatsharedfull, which need the disks the grader
# attaches, robust (qemu-user does not implement robust futex lists) and
# vdso (it reads this kernel's vDSO data page; qemu-user 7.2 maps no vDSO
# on riscv64: user/glibc/clock_vdso compares the clocks with Linux's),
# aslr and aslrmaps (they run the image's /libc-dyn, and qemu-riscv64
# places its guest's regions itself: user/libc/personality compares
# personality(2) with Linux's),
# mremaptop (qemu-riscv64 remaps past the top of the space and dies of it),
# rwcount (qemu-riscv64 refuses a count its buffer cannot hold, where
# Linux cuts it to MAX_RW_COUNT; tools/linuxref.py gives rwcount.out),
# tlbshoot (qemu-riscv64 refuses clone with CLONE_VM alone), madvise and madvisehole
# (qemu-riscv64 answers madvise itself, not as Linux does), ttyjob and ttyseek (they
# check the console's tty, and the host's console is not one they may
# open: not comparable), manyargs (it runs busybox's xargs, which the
# host's root has not), proctask (its raw clone threads hang under
# qemu-riscv64, whose /proc/PID/task would list the host's threads anyway),
# sysrandva (it writes /proc/sys/kernel/randomize_va_space, which under
# qemu-riscv64 is the host's own), auxvarch (qemu-riscv64 gives none of
# riscv's ARCH_DLINFO entries; Linux 6.1 gives its cache entries and
# order, checked with tools/linuxref.py),
# sysfuzz (it fuzzes this kernel's system calls, and counts its pages),
# jobnocldstop (qemu-riscv64 sets its own SIGCHLD handler without
# SA_NOCLDSTOP; Linux 6.1 under tools/linuxref.py gives jobnocldstop.out),
# preadv2 (qemu-riscv64 7.2 has no preadv2 or pwritev2; the same),
# and mmsgedge (qemu-riscv64 ignores recvmmsg's timeout and refuses a
# vector that is not all mapped: its lines follow Linux 6.1's socket.c).
# A test whose
# answers on FAT differ from Linux's has them in NAME.linux.out.
# Descriptors: RLIMIT_NOFILE as Linux gives its first process (1024 soft,
# 4096 hard) and as our kernel gives init, whatever this shell's are.
set -u
ulimit -S -n 1024 && ulimit -H -n 4096 ||
	echo "note: RLIMIT_NOFILE cannot be set to 1024/4096 here; nofile will fail"
BUILD=${1:-build}
U=$BUILD/user
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/usr" "$root/proc" "$root/dev" "$root/tests" "$root/data" "$root/bin" "$root/tmp"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
cp "$U"/data/big.bin "$U"/data/notelf.txt "$root/data/"
cp "$U"/bin/* "$root/bin/"
# FAT has no execute bit: a data file must fail exec with ENOEXEC, not EACCES.
chmod 755 "$root/data/notelf.txt"

if unshare -rmu true 2>/dev/null; then
	chrooted=1
else
	chrooted=0
	echo "note: unshare unavailable; tests that need /data are skipped"
fi
if [ $chrooted = 1 ] && "$U/bin/true" 2>/dev/null; then
	can_exec=1
else
	can_exec=0
	echo "note: the host cannot execve RISC-V programs (no binfmt_misc); tests that run /bin programs are skipped"
fi

# Each test starts with every signal's default action, as our kernel's
# init gives its children: a suite started in the background by a
# non-interactive shell inherits SIGINT and SIGQUIT ignored, and one
# under nohup SIGHUP, which sigactall would see.
run() {
	name=$1
	if [ $chrooted = 1 ]; then
		unshare -rmu sh -c "mount --rbind /usr '$root/usr' &&
			mount --rbind /proc '$root/proc' &&
			mount --rbind /dev '$root/dev' &&
			mount -t tmpfs tmpfs '$root/tmp' &&
			exec chroot '$root' /usr/bin/env -i --default-signal PATH=/bin \
				/usr/bin/qemu-riscv64 -0 '$name' '/tests/$name'"
	else
		env -i --default-signal PATH=/bin qemu-riscv64 -0 "$name" "$U/tests/$name"
	fi
}

pass=0
fail=0
skip=0
for src in "$here"/*.c; do
	name=$(basename "$src" .c)
	cp "$U/tests/$name" "$root/tests/"
	case $name in readfile|baduser|execfail|dirs|files|pathbad|unlinkstat|memfdseal|hostname)
		if [ $chrooted = 0 ]; then
			echo "SKIP $name (needs /data, a private / or a host name of its own)"
			skip=$((skip + 1))
			continue
		fi
	esac
	case $name in auxv|wx|sharedpage|fatsharedexec|affinity|nofileexec|fpregs|pathmax|shebangnest|execat)
		if [ $can_exec = 0 ]; then
			echo "SKIP $name (execs a RISC-V program: needs binfmt_misc)"
			skip=$((skip + 1))
			continue
		fi
	esac
	case $name in pipehole|sockhole|prefaulthole|fatwritehole)
		echo "SKIP $name (qemu-riscv64 refuses a partly mapped buffer as a whole, where Linux copies up to the hole)"
		skip=$((skip + 1))
		continue
		;;
	esac
	case $name in parexec|corpus|parfiles|sleepwake|execfail|lazy|lazypar|textcache|xlen|forkcopy|cowstress|tmpfsmem|tmpfsstress|vfsstress|procrace|manyproc|forkfail|threadkill|vmamany|mmpages|fdxleak|ptimerleak|callsleak)
		echo "SKIP $name (checks this kernel's page counts and exec rules)"
		skip=$((skip + 1))
		continue
		;;
	manyargs)
		echo "SKIP $name (execs itself and busybox's xargs, which the host's root has not)"
		skip=$((skip + 1))
		continue
		;;
	proctask|threadreap)
		echo "SKIP $name (threads by raw clone, which hang under qemu-riscv64, and /proc/PID/task, where it lists the host's threads)"
		skip=$((skip + 1))
		continue
		;;
	ttyjob|ttyseek)
		echo "SKIP $name (the console's tty: the host's stdin is not this tty, nor /dev/console ours)"
		skip=$((skip + 1))
		continue
		;;
	sysfuzz)
		echo "SKIP $name (a fuzzer of this kernel's system calls: it counts its free pages, and random calls under qemu-riscv64 reach the host's)"
		skip=$((skip + 1))
		continue
		;;
	killinit)
		echo "SKIP $name (signals pid 1: the host's init)"
		skip=$((skip + 1))
		continue
		;;
	auxvarch)
		echo "SKIP $name (qemu-riscv64 gives no riscv ARCH_DLINFO entry: Linux 6.1 gives its cache entries, tools/linuxref.py)"
		skip=$((skip + 1))
		continue
		;;
	sysrandva)
		echo "SKIP $name (writes /proc/sys/kernel/randomize_va_space: the host's own setting)"
		skip=$((skip + 1))
		continue
		;;
	mknod)
		echo "SKIP $name (makes device nodes and reads the root's disk: a user namespace may do neither)"
		skip=$((skip + 1))
		continue
		;;
	madvise|madvisehole)
		echo "SKIP $name (qemu-riscv64 answers madvise itself: 0 for MADV_FREE of a file mapping, which Linux refuses, and for a range with holes)"
		skip=$((skip + 1))
		continue
		;;
	rwcount)
		echo "SKIP $name (qemu-riscv64 takes a whole count of the buffer first: EFAULT where Linux cuts the count; Linux 6.1 under tools/linuxref.py gives rwcount.out)"
		skip=$((skip + 1))
		continue
		;;
	mremaptop)
		echo "SKIP $name (qemu-riscv64 carries out a remap past the top of the space on its own memory, and dies of it)"
		skip=$((skip + 1))
		continue
		;;
	tlbshoot)
		echo "SKIP $name (qemu-riscv64 refuses clone with CLONE_VM alone)"
		skip=$((skip + 1))
		continue
		;;
	coredump|coredyn|corefuse|corelimit|coreoom|coremany)
		echo "SKIP $name (checks this kernel's core files)"
		skip=$((skip + 1))
		continue
		;;
	dl*)
		echo "SKIP $name (loads objects from the image's /lib/obj)"
		skip=$((skip + 1))
		continue
		;;
	fatorphan)
		echo "SKIP $name (counts a FAT volume's free clusters, and its boot's fsck checks it)"
		skip=$((skip + 1))
		continue
		;;
	diskfull)
		echo "SKIP $name (would fill the host's file system)"
		skip=$((skip + 1))
		continue
		;;
	blkpattern)
		echo "SKIP $name (reads the root's raw disk, which Linux's chroot has not)"
		skip=$((skip + 1))
		continue
		;;
	mount|fatsharedfull)
		echo "SKIP $name (mounts the grader's extra disks, which need a real kernel)"
		skip=$((skip + 1))
		continue
		;;
	preadv2)
		echo "SKIP $name (qemu-riscv64 7.2 answers ENOSYS to preadv2 and pwritev2: Linux 6.1 under tools/linuxref.py gives preadv2.out)"
		skip=$((skip + 1))
		continue
		;;
	mmsgedge)
		echo "SKIP $name (qemu-riscv64 7.2 ignores recvmmsg's timeout and takes an mmsghdr vector whole; Linux 6.1's tools/linuxref.py kernel has no sockets)"
		skip=$((skip + 1))
		continue
		;;
	robust)
		echo "SKIP $name (qemu-riscv64 answers ENOSYS to robust lists)"
		skip=$((skip + 1))
		continue
		;;
	jobnocldstop)
		echo "SKIP $name (qemu-riscv64 drops SA_NOCLDSTOP; Linux 6.1 itself gives NAME.out: tools/linuxref.py)"
		skip=$((skip + 1))
		continue
		;;
	vdso)
		echo "SKIP $name (checks this kernel's vDSO data page; qemu-riscv64 7.2 has no vDSO)"
		skip=$((skip + 1))
		continue
		;;
	aslr|aslrmaps)
		echo "SKIP $name (runs the image's /libc-dyn; qemu-riscv64 places its guest's regions itself)"
		skip=$((skip + 1))
		continue
	esac
	run "$name" > "$tmp/$name.actual" 2>&1
	status=$?
	# Where FAT's answers are not Linux's, NAME.linux.out holds Linux's.
	want=$here/$name.out
	[ -f "$here/$name.linux.out" ] && want=$here/$name.linux.out
	if [ $status -eq 0 ] && cmp -s "$want" "$tmp/$name.actual"; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name (exit status $status)"
		diff -u "$want" "$tmp/$name.actual" | head -20
		fail=$((fail + 1))
	fi
done
echo "linux: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
