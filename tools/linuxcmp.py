#!/usr/bin/env python3
"""Linux ABI comparison: every program built from user/glibc/ runs twice,
on the host under qemu-riscv64 (Linux's own answers) and under our kernel
in QEMU (all of them in one boot, through /bin/runtests), and the two runs
must print the same lines and end the same way (exit status, or death by
the same signal).

    tools/linuxcmp.py [--build build] [--dynamic | --musl | --set MODE] [NAME...]

--dynamic runs the dynamically linked builds ($BUILD/glibc-dyn, /linux-dyn
on the image, whose /lib holds Debian's ld.so and libc.so.6); on the host
qemu-riscv64 takes the same libraries from /usr/riscv64-linux-gnu.

Where qemu-riscv64 cannot stand in for Linux (it runs vfork as a fork),
user/glibc/NAME.linux.out holds what Linux 6.1 itself prints
(tools/linuxref.py), and the comparison is with that.

--musl runs the same sources linked static with musl ($BUILD/glibc-musl,
/linux-musl), the C library of our own programs; as in every mode, the
reference is the same binary under qemu-riscv64, so a library's
difference cannot show.

--set MODE names any of MODES: --set libc and --set libc-dyn are
user/libc's programs (the C library's reach into the kernel) linked
statically and dynamically with musl, /libc and /libc-dyn on the image,
the dynamic ones run on the host by musl's dynamic linker from
$BUILD/musl (qemu-riscv64 -L).

For each program that fails, the syscalls it makes on Linux (a second host
run with qemu-riscv64 -strace) that the kernel's table (os/kern/syscall.c) lacks
are listed; the run ends with those syscalls ordered by how many failing
programs need them, the kernel log's own complaints, and the line
"linux-abi: N passed, N failed".
"""
import argparse
import collections
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grader  # noqa: E402  (Boot, qemu_cmd, BEGIN/END, fsck_problem)

UNISTD = "/usr/riscv64-linux-gnu/include/asm-generic/unistd.h"
HOST_ENV = {"PATH": "/bin"}	# what runtests gives a program on our system
IMAGE_WORKDIR = "/linux/work"


def syscall_names():
    """{number: name} and {name: number} for Linux on RISC-V (asm-generic)."""
    by_num, by_name = {}, {}
    with open(UNISTD) as f:
        text = f.read()
    for prefix, name, num in re.findall(r"#define __NR(3264)?_(\w+) (\d+)\b", text):
        num = int(num)
        by_name[name] = num
        by_num.setdefault(num, name)
    for name, base in re.findall(r"#define __NR_(\w+) __NR3264_(\w+)", text):
        if base in by_name:
            by_name[name] = by_name[base]
    by_num[by_name["newfstatat"]] = "newfstatat"
    return by_num, by_name


def kernel_syscalls(root):
    """The numbers os/kern/syscall.c's dispatch table fills in."""
    nums = {}
    with open(os.path.join(root, "os/kern/syscall.h")) as f:
        for name, num in re.findall(r"#define SYS_(\w+) (\d+)", f.read()):
            nums[name] = int(num)
    with open(os.path.join(root, "os/kern/syscall.c")) as f:
        return {nums[n] for n in re.findall(r"\[SYS_(\w+)\]\s*=", f.read()) if n in nums}


def outcome(returncode):
    return ("signal", -returncode) if returncode < 0 else ("status", returncode)


DYNAMIC_SYSROOT = "/usr/riscv64-linux-gnu"  # Debian's libc6-riscv64-cross
HOST_QEMU = ["qemu-riscv64"]  # and its options


def default_signals():
    """A program starts with every signal at its default action, as under
    our kernel's runtests, even if make test itself was started in the
    background (where a shell leaves SIGINT and SIGQUIT ignored)."""
    for sig in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)


def linux_out(srcdir, name, suffix):
    """SRCDIR/NAME + suffix's lines (user/glibc/NAME.linux.out, or
    NAME.musl.linux.out for the musl builds), or None: what Linux 6.1
    prints (tools/linuxref.py) for a program qemu-riscv64 cannot stand in
    for Linux with, since it runs vfork and posix_spawn's
    CLONE_VM|CLONE_VFORK as a fork, or lacks a call (get_robust_list).
    Such a program must exit 0 there."""
    try:
        with open(os.path.join(srcdir, name + suffix)) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return None


def run_host(path, name, timeout, strace_log=None):
    """Runs one program under qemu-riscv64 in a fresh directory, as runtests
    would (argv = [NAME], env = PATH=/bin). Returns (lines, how, code, left):
    left lists the files it did not clean up."""
    with tempfile.TemporaryDirectory(prefix="linuxcmp-") as cwd:
        cmd = list(HOST_QEMU)
        if strace_log:
            cmd += ["-strace", "-D", strace_log]
        cmd += ["-0", name, os.path.abspath(path)]
        try:
            r = subprocess.run(cmd, cwd=cwd, env=HOST_ENV, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout, preexec_fn=default_signals)
            out, how, code = r.stdout, *outcome(r.returncode)
        except subprocess.TimeoutExpired as e:
            out, how, code = e.stdout or b"", "timeout", 0
        left = sorted(os.listdir(cwd))
    lines = out.decode("utf-8", "replace").splitlines()
    return lines, how, code, left


def host_syscalls(path, name, timeout, by_name):
    """The syscall numbers one program makes on Linux (and its children
    that stay under qemu), from qemu-riscv64 -strace; also whether it ran a
    signal handler (a delivered signal followed by rt_sigreturn)."""
    with tempfile.TemporaryDirectory(prefix="linuxcmp-strace-") as d:
        log = os.path.join(d, "strace.log")
        run_host(path, name, timeout, strace_log=log)
        try:
            with open(log, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            return set(), False
    used = set()
    for call in re.findall(r"(?:^|\s|\))\d+ ([a-z][a-z0-9_]*)\(", text, re.M):
        if call in by_name:
            used.add(by_name[call])
    for num in re.findall(r"Unknown syscall (\d+)", text):
        used.add(int(num))
    return used, "rt_sigreturn(" in text


def make_image(args, image, names, imgdir):
    """A copy of the image whose /etc/rc runs names from imgdir in one boot,
    shows the kernel log, and powers off."""
    shutil.copyfile(args.image, image)
    rc = os.path.join(args.workdir, "rc")
    with open(rc, "w") as f:
        # -p: stdin /dev/null, output through a pipe, as on the host
        f.write("cd %s\nruntests -p -d %s %s\necho @@@ dmesg\ndmesg\npoweroff\n"
                % (args.image_workdir, imgdir, " ".join(names)))
    grader.sh("mcopy", "-o", "-i", image, rc, "::/etc/rc")


def run_boot(args, names, imgdir, image, log):
    """Runs names in one boot. Returns ({name: (lines, how, code)}, the name
    that hung or crashed the system if any, its last lines, kernel log)."""
    make_image(args, image, names, imgdir)
    boot = grader.Boot(grader.qemu_cmd(args, image), log)
    results, current, lines, klog = {}, None, [], []
    in_klog = False
    deadline = time.monotonic() + args.boot_timeout
    try:
        while True:
            line = boot.readline(deadline)
            if line is None:
                return results, current, lines, klog
            if in_klog:
                klog.append(line)
                continue
            if line == "@@@ dmesg":
                in_klog = True
                deadline = time.monotonic() + args.timeout
                continue
            m = grader.BEGIN.match(line)
            if m:
                current, lines = m.group(1), []
                deadline = time.monotonic() + args.timeout
                continue
            m = grader.END.match(line)
            if m and m.group(1) == current:
                results[current] = (lines, m.group(2), int(m.group(3)))
                current = None
                deadline = time.monotonic() + args.timeout
                continue
            if current:
                lines.append(line)
    finally:
        boot.stop()


def run_kernel(args, names, imgdir):
    """All names under our kernel, booting again after a hang or crash."""
    os.makedirs(args.workdir, exist_ok=True)
    image = os.path.join(args.workdir, "run.img")
    results, stuck, klog = {}, {}, []
    with open(os.path.join(args.workdir, "console.log"), "wb") as log:
        todo = list(names)
        while todo:
            got, hung, partial, kl = run_boot(args, todo, imgdir, image, log)
            results.update(got)
            klog += kl
            if hung:
                stuck[hung] = partial
            elif not got:
                for n in todo:
                    stuck[n] = ["(the system did not boot to the programs)"] + partial[-15:]
                break
            todo = [n for n in todo if n not in results and n not in stuck]
    return results, stuck, klog, grader.fsck_problem(image)


def describe(how, code):
    return "timed out" if how == "timeout" else "%s %d" % (how, code)


# Each mode's programs: their directory under BUILD, on the image, the
# directory they run in there, the suite's label, their sources, the
# suffix of Linux's own outputs (linux_out), and the sysroot qemu-riscv64
# takes with -L (None; absolute, or under BUILD).
MODES = {
    "static": ("glibc", "/linux", IMAGE_WORKDIR, "linux-abi", "user/glibc", ".linux.out", None),
    "dynamic": ("glibc-dyn", "/linux-dyn", IMAGE_WORKDIR, "linux-abi-dyn", "user/glibc",
                ".linux.out", DYNAMIC_SYSROOT),
    "musl": ("glibc-musl", "/linux-musl", IMAGE_WORKDIR, "linux-abi-musl", "user/glibc",
             ".musl.linux.out", None),
    "libc": ("libc", "/libc", "/libc/work", "libc-reach", "user/libc", ".linux.out", None),
    "libc-dyn": ("libc-dyn", "/libc-dyn", "/libc/work", "libc-reach-dyn", "user/libc",
                 ".linux.out", "musl"),
}

# Programs that need what the kernel does not have yet. They still run and
# are compared: one that passes counts as passed; one that fails is
# reported as skipped with the reason, not hidden.
UNSUPPORTED = {
    # user/libc (--set libc, libc-dyn): the kernel's gaps they found (none
    # left: mmap_kinds passes since FAT files lend their pages)
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--kernel")
    ap.add_argument("--image")
    ap.add_argument("--workdir")
    ap.add_argument("--musl", action="store_true",
                    help="the musl-linked builds (glibc-musl, /linux-musl)")
    ap.add_argument("--dynamic", action="store_true",
                    help="the dynamically linked builds (glibc-dyn, /linux-dyn), "
                    "run by Debian's ld.so and libc.so.6 on both sides")
    ap.add_argument("--set", choices=sorted(MODES),
                    help="any mode by name: libc and libc-dyn are user/libc's")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per program")
    ap.add_argument("--boot-timeout", type=float, default=30)
    ap.add_argument("--no-strace", action="store_true",
                    help="skip the per-program syscall survey of failures")
    ap.add_argument("names", nargs="*", help="programs to run (default: all)")
    args = ap.parse_args()

    mode = args.set or ("musl" if args.musl else "dynamic" if args.dynamic else "static")
    sub, imgdir, args.image_workdir, label, src, suffix, sysroot = MODES[mode]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    srcdir = os.path.join(root, src)
    if sysroot:  # where qemu-riscv64 finds the dynamic linker the programs name
        HOST_QEMU.extend(["-L", os.path.abspath(os.path.join(args.build, sysroot))])
    progdir = os.path.join(args.build, sub)
    args.kernel = args.kernel or os.path.join(args.build, "kernel")
    args.image = args.image or os.path.join(args.build, "fs.img")
    args.workdir = args.workdir or os.path.join(args.build, "linuxcmp-" + sub)

    names = args.names or sorted(n for n in os.listdir(progdir)
                                 if os.path.isfile(os.path.join(progdir, n)))
    host = {}
    for n in names:
        host[n] = run_host(os.path.join(progdir, n), n, args.timeout)
        linux = linux_out(srcdir, n, suffix)
        if linux is not None:
            host[n] = (linux, "status", 0, host[n][3])
    kern, stuck, klog, bad_image = run_kernel(args, names, imgdir)

    by_num, by_name = syscall_names()
    have = kernel_syscalls(root)
    needs = collections.defaultdict(list)
    passed = failed = skipped = 0
    for n in names:
        want, whow, wcode, left = host[n]
        problems = []
        if n in kern:
            lines, how, code = kern[n]
            if (how, code) != (whow, wcode):
                problems.append("ended with %s, on Linux %s" % (describe(how, code),
                                                                describe(whow, wcode)))
            if lines != want:
                diff = difflib.unified_diff(want, lines, "linux", "ours", lineterm="")
                problems.append("output differs:\n" + "\n".join(diff))
        else:
            problems.append("did not finish within %gs (hang or crash); last output:\n%s"
                            % (args.timeout, "\n".join(stuck.get(n, [])[-15:])))
        if whow == "timeout":
            problems.append("timed out on the host too")
        if left:
            problems.append("left files behind on the host: " + " ".join(left))
        if not problems:
            passed += 1
            print("PASS %s" % n)
            continue
        if n in UNSUPPORTED:
            skipped += 1
            print("SKIP %s: %s (it fails: %s)" % (n, UNSUPPORTED[n], problems[0].split("\n")[0]))
            continue
        failed += 1
        print("FAIL %s: %s" % (n, "\n  ".join(problems)))
        if not args.no_strace:
            used, handler = host_syscalls(os.path.join(progdir, n), n, args.timeout, by_name)
            missing = sorted(x for x in used - have if x in by_num)
            for num in missing:
                needs[num].append(n)
            if handler:
                needs["handler"].append(n)
            print("  syscalls it makes on Linux that the kernel lacks: %s%s" % (
                ", ".join("%d %s" % (x, by_num.get(x, "?")) for x in missing) or "none",
                "; and it runs a signal handler (rt_sigaction with a handler, 134)"
                if handler else ""))
        sys.stdout.flush()

    if needs:
        print("missing syscalls, by how many failing programs make them:")
        for key in sorted(needs, key=lambda k: (-len(needs[k]), str(k))):
            what = ("134 rt_sigaction with a handler" if key == "handler"
                    else "%d %s" % (key, by_num.get(key, "?")))
            print("  %-32s %2d: %s" % (what, len(needs[key]), " ".join(needs[key])))
    complaints = [l for l in klog if "not implemented" in l or "not supported" in l
                  or "unknown syscall" in l]
    if complaints:
        print("kernel log:\n  " + "\n  ".join(complaints))
    if bad_image:
        failed += 1
        print("FAIL image after the run: " + bad_image)
    print("%s: %d passed, %d failed%s" % (label, passed, failed,
                                          ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
