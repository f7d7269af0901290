#!/usr/bin/env python3
"""busybox's own test suite (testsuite/ in Debian's busybox source) on our
kernel and on Linux, case by case: the same riscv64 busybox binary runs
the same runtest under its own ash, in QEMU on our system (from /tmp,
copied off the image) and on the host under qemu-riscv64 (tools/bbtest/
run.sh on both sides). Every case that passes on Linux must pass here,
unless KNOWN lists it with the reason; a case that fails on Linux too is
counted but not held against us.

    tools/bbtestcmp.py [--build build] [--groups N [--group I]] [--jobs N]
                       [--label NAME] [--all | APPLET...]

--all runs every applet the suite tests (make test's: about 900 cases);
without it the applets of DEFAULT run (the text tools, files and
directories, the shell's helpers: about 500 cases, a quick check). The
applets are split into --groups groups of about the same cost (COST),
each a boot of our kernel and a host run of its own, --jobs of those at
a time; --group I runs group I (1 to N) alone (make test runs its groups
as suites of their own, busybox-testsuite-I). The cases of BOUNDED take minutes on both sides:
they run under a timeout of --bound seconds on both (tools/bbtest/
bound.sh), fail on both, and are counted as skipped with their Linux
time. Ends with "LABEL: N passed, N failed[, N skipped]" (LABEL
busybox-testsuite unless --label says otherwise): a
case passed if it passed on both sides, failed if it passed on Linux
only, skipped if it failed on Linux (or is in KNOWN).

--linux-ref DIR takes Linux's side of a group from DIR (tools/bbtest/
linux-ref, which make test uses) when the file for that group was made
from the same inputs (ref_key: the busybox source, our config, the
suite, the runner, the bounds and the group's applets), and runs it
under qemu-riscv64 as usual otherwise, saying why. qemu-riscv64 takes
about 25 times our kernel's time for the suite (a process start costs
it some 28 ms of CPU), so the live run of every group would not fit
make test's time. --write-linux-ref DIR runs Linux's side and records
it there (make bbtest-linux-ref).
"""
import hashlib
import argparse
import collections
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grader  # noqa: E402  (Boot, qemu_cmd, sh, fsck_problem)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(ROOT, "tools", "bbtest", "run.sh")
BOUND_SH = os.path.join(ROOT, "tools", "bbtest", "bound.sh")
RESULT = re.compile(r"^(PASS|FAIL|SKIPPED|UNTESTED): (.*)$")
QEMU_USER = "/usr/bin/qemu-riscv64"
QEMU_STATIC = "qemu-static/qemu-riscv64-static"	# under --build: tools/bbtest/qemu-static.sh

# The quick check's applets: what scripts lean on most, about 500 cases.
DEFAULT = """basename cat cmp comm cp cut date dd diff dirname du echo expr false find
fold head hexdump ln ls md5sum mkdir mv nl od paste printf pwd readlink
realpath rev rm rmdir sed seq sort strings tail tee test touch tr true uniq
wc which xargs grep""".split()

# Cases that pass on Linux and cannot here, with the reason.
KNOWN = {
    "cpio -p with absolute paths": "it copies /usr/bin, which Linux's root has and "
                                   "our image has not (all programs are in /bin)",
    "mount RO loop": "no loop devices",
    "mount bind+rshared": "no bind mounts, no mount propagation",
    "start-stop-daemon with both -x and -a": "it runs /bin/false as 'qwerty': the "
        "host's /bin/false is coreutils', ours busybox's applet, which takes its "
        "name from argv[0] (as through a link on a busybox system)",
}

# Cases that take minutes on Linux too, with their time there (their
# pipeline alone under qemu-riscv64 on this project's 2-core host, busy
# with other work): run under --bound's timeout on both sides, so that
# they fail on both and are counted as skipped. Unbounded, bc's 69 cases
# took about 1,100 s on either side.
BOUNDED = {
    "bc parsing of numbers": "Linux: 666 s",   # 3.7 million numbers through bc | bc
    "bc printing of numbers": "Linux: 89 s",   # 1.4 million, bases 2 to 101
}

# What an applet's cases cost, for split(): seconds of its runtest alone on
# our kernel (one hart, a busy host), where that is 10 or more; the other
# applets' are about 6 (COST_OTHER). bc's is what is left when its two
# BOUNDED cases end at the bound.
COST = {
    "sha3sum": 72, "sha512sum": 71, "sha256sum": 53, "sha1sum": 39, "bc": 60,
    "dc": 25, "awk": 23, "tar": 21, "md5sum": 16, "cp": 16, "xargs": 13,
    "bunzip2": 13, "cut": 11, "tr": 10, "touch": 10, "tail": 10, "cryptpw": 10,
    "cat": 10,
}
COST_OTHER = 6


def testsuite_dir(build):
    """The unpacked source's testsuite/ (tools/userland/build.sh)."""
    src = os.path.join(build, "userland", "src")
    for d in sorted(os.listdir(src)):
        if d.startswith("busybox-") and os.path.isdir(os.path.join(src, d, "testsuite")):
            return os.path.join(src, d, "testsuite")
    raise SystemExit("no busybox source under %s: run make first" % src)


def tested_applets(build, suite):
    """The applets busybox has that the suite tests, in runtest's order."""
    with open(os.path.join(build, "userland", "bin", "busybox.list")) as f:
        have = ["busybox"] + f.read().split()
    return [a for a in have
            if os.path.isdir(os.path.join(suite, a)) or
            os.path.isfile(os.path.join(suite, a + ".tests"))]


def split(applets, n):
    """n groups of about the same cost (COST, or COST_OTHER for an applet it
    does not name), the costliest applet first into the cheapest group; each
    group in runtest's order."""
    groups = [[] for _ in range(n)]
    load = [0.0] * n
    for a in sorted(applets, key=lambda a: -COST.get(a, COST_OTHER)):
        i = load.index(min(load))
        groups[i].append(a)
        load[i] += COST.get(a, COST_OTHER)
    return [sorted(g, key=applets.index) for g in groups if g]


def cases(lines):
    """{(result, name, n)}: each case's result, n numbering repeated names."""
    seen = collections.Counter()
    out = {}
    for line in lines:
        m = RESULT.match(line)
        if m:
            key = (m.group(2), seen[m.group(2)])
            seen[m.group(2)] += 1
            out[key] = m.group(1)
    return out


def write_bound(path):
    """BOUNDED's names, one a line: bound.sh's list."""
    with open(path, "w") as f:
        f.write("".join(name + "\n" for name in BOUNDED))


def ref_key(args, suite, applets):
    """What Linux's results for these applets follow from: the busybox
    source (its unpacked directory names the Debian version), our config,
    every file of the suite, the runner, the bounds, the applets."""
    h = hashlib.sha256()
    h.update(os.path.basename(os.path.dirname(suite)).encode())
    named = [(os.path.basename(p), p) for p in
             (os.path.join(ROOT, "tools", "userland", "busybox.config"), RUNNER, BOUND_SH)]
    for top, dirs, files in os.walk(suite):
        dirs.sort()
        named += [(os.path.relpath(os.path.join(top, f), suite), os.path.join(top, f))
                  for f in sorted(files)]
    for name, path in named:
        h.update(name.encode())
        with open(path, "rb") as f:
            h.update(f.read())
    h.update(repr((sorted(BOUNDED), args.bound, applets)).encode())
    return h.hexdigest()


def ref_path(args, directory):
    """The reference file of this run's group (or of the whole run)."""
    return os.path.join(directory, "group-%d-of-%d.txt" % (args.group or 1, args.groups
                                                             if args.group else 1))


def read_ref(args, suite, applets):
    """Linux's lines for applets from --linux-ref, or None (and why)."""
    path = ref_path(args, args.linux_ref)
    try:
        with open(path) as f:
            key, lines = f.readline().split(), f.read().splitlines()
    except OSError:
        return None, "no %s" % path
    if key[-1:] != [ref_key(args, suite, applets)]:
        return None, "%s was made from other inputs" % path
    return lines, None


def write_ref(args, suite, applets, lines):
    """Records Linux's case lines (the rest names host paths)."""
    path = ref_path(args, args.write_linux_ref)
    lines = [line for line in lines if RESULT.match(line)]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("# key %s\n" % ref_key(args, suite, applets))
        f.write("\n".join(lines) + "\n")
    print("wrote %s" % path)


def run_host(args, suite, applets):
    """One group under qemu-riscv64: the runner's lines."""
    work = tempfile.mkdtemp(prefix="host-", dir=args.workdir)
    os.makedirs(os.path.join(work, "bb"))
    wrapper = os.path.join(work, "bb", "busybox")
    busybox = os.path.abspath(os.path.join(args.build, "userland", "bin", "busybox"))
    with open(wrapper, "w") as f:  # argv[0] names the applet, as a link's would
        f.write('#!/bin/sh\nexec %s -0 "$0" %s "$@"\n' % (args.qemu_user, busybox))
    os.chmod(wrapper, 0o755)
    config = os.path.join(args.build, "userland", "obj", "busybox", ".config")
    bound = os.path.join(work, "bound")
    write_bound(bound)
    cmd = [wrapper, "ash", RUNNER, os.path.join(work, "w"), suite, config] + applets
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=args.timeout,
                           env={"PATH": "/usr/bin:/bin", "BB": wrapper,
                                "BBT_BOUND": bound, "BBT_SECS": str(args.bound)})
        out = r.stdout
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"") + b"\n(timed out)\n"
    shutil.rmtree(work, ignore_errors=True)
    return out.decode("utf-8", "replace").splitlines()


def make_image(args, suite, applets, image):
    """A copy of the image with the suite in /bbtest and an /etc/rc that
    runs the group, then powers off. Its input is /dev/null, as the host
    run's is: a test that reads what it was not given (bc's do) must
    see the end of input, not wait for the console."""
    shutil.copyfile(args.image, image)
    grader.sh("mmd", "-i", image, "::/bbtest")
    grader.sh("mcopy", "-s", "-i", image, suite, "::/bbtest/testsuite")
    grader.sh("mcopy", "-i", image, RUNNER, "::/bbtest/run.sh")
    grader.sh("mcopy", "-i", image, BOUND_SH, "::/bbtest/bound.sh")
    write_bound(image + ".bound")
    grader.sh("mcopy", "-i", image, image + ".bound", "::/bbtest/bound")
    grader.sh("mcopy", "-i", image,
              os.path.join(args.build, "userland", "obj", "busybox", ".config"),
              "::/bbtest/config")
    rc = image + ".rc"
    with open(rc, "w") as f:
        f.write("BB=/bin/busybox BBT_BOUND=/bbtest/bound BBT_SECS=%d busybox ash "
                "/bbtest/run.sh /tmp/bbt /bbtest/testsuite /bbtest/config %s < /dev/null\n"
                "echo @@@ done\npoweroff\n" % (args.bound, " ".join(applets)))
    grader.sh("mcopy", "-o", "-i", image, rc, "::/etc/rc")


def run_ours(args, suite, applets, n):
    """One group in a boot of our kernel: the runner's lines, and fsck's
    complaint about the image afterwards (or None)."""
    image = os.path.join(args.workdir, "bbtest%d.img" % n)
    make_image(args, suite, applets, image)
    lines = []
    with open(os.path.join(args.workdir, "console%d.log" % n), "wb") as log:
        boot = grader.Boot(grader.qemu_cmd(args, image), log)
        deadline = time.monotonic() + args.timeout
        try:
            while True:
                line = boot.readline(deadline)
                if line is None:
                    lines.append("(timed out or crashed)")
                    break
                if line == "@@@ done":
                    break
                lines.append(line)
        finally:
            boot.stop()
    return lines, grader.fsck_problem(image)


def judge(args, linux, ours):
    """Prints each case that differs or was bounded; returns (passed,
    failed, skipped)."""
    passed = failed = skipped = 0
    for key, want in sorted(linux.items()):
        got = ours.get(key, "missing")
        name = key[0] if key[1] == 0 else "%s (#%d)" % key
        if key[0] in BOUNDED and want != "PASS":
            print("SKIP %s: bounded at %d s on both sides (%s; %s on Linux, %s here)"
                  % (name, args.bound, BOUNDED[key[0]], want, got))
        if want != "PASS":
            skipped += want == "FAIL"
            continue
        if got == "PASS":
            passed += 1
        elif key[0] in KNOWN:
            skipped += 1
            print("SKIP %s: %s here (%s)" % (name, got, KNOWN[key[0]]))
        else:
            failed += 1
            print("FAIL %s: passes on Linux, %s here" % (name, got))
    for key, got in sorted(ours.items()):
        if key not in linux:
            print("note: %s ran here only (%s)" % (key[0], got))
    return passed, failed, skipped


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--kernel")
    ap.add_argument("--image")
    ap.add_argument("--workdir")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--groups", type=int, default=2)
    ap.add_argument("--group", type=int, help="run only this group (1 to --groups)")
    ap.add_argument("--label", default="busybox-testsuite", help="the result line's name")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=2400,
                    help="seconds per group and side (on a busy host a group's "
                    "host run took 15 minutes)")
    ap.add_argument("--bound", type=int, default=10,
                    help="seconds each stage of a BOUNDED case may run, on both sides")
    ap.add_argument("--qemu-user", help="the host's emulator (default: the static one "
                    "tools/bbtest/qemu-static.sh unpacks under --build, else %s)" % QEMU_USER)
    ap.add_argument("--all", action="store_true", help="every applet the suite tests")
    ap.add_argument("--exclude", default="",
                    help="applets left out (comma-separated), e.g. --all --exclude bc")
    ap.add_argument("--linux-ref", metavar="DIR",
                    help="Linux's results recorded there, where made from the same inputs")
    ap.add_argument("--write-linux-ref", metavar="DIR",
                    help="run Linux's side and record it there")
    ap.add_argument("applets", nargs="*", help="applets to test (default: DEFAULT)")
    args = ap.parse_args()
    args.kernel = args.kernel or os.path.join(args.build, "kernel")
    args.image = args.image or os.path.join(args.build, "fs.img")
    static = os.path.abspath(os.path.join(args.build, QEMU_STATIC))
    args.qemu_user = args.qemu_user or (static if os.path.exists(static) else QEMU_USER)
    args.workdir = os.path.abspath(args.workdir or os.path.join(
        args.build, "bbtest-%d" % args.group if args.group else "bbtest"))
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)

    suite = testsuite_dir(args.build)
    tested = tested_applets(args.build, suite)
    applets = args.applets or (tested if args.all else [a for a in tested if a in DEFAULT])
    applets = [a for a in applets if a not in args.exclude.split(",")]
    groups = split(applets, args.groups)
    if args.group:
        groups = groups[args.group - 1:args.group]
        applets = groups[0] if groups else []
    start = time.monotonic()
    recorded, why = read_ref(args, suite, applets) if args.linux_ref else (None, None)
    if why:
        print("note: Linux's side runs under qemu-riscv64: %s" % why)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        host = [] if recorded else [pool.submit(run_host, args, suite, g) for g in groups]
        ours = [pool.submit(run_ours, args, suite, g, i) for i, g in enumerate(groups)]
        linux_lines = recorded or sum((h.result() for h in host), [])
        if args.write_linux_ref and not recorded:
            write_ref(args, suite, applets, linux_lines)
        our_lines, problems = [], []
        for o in ours:
            lines, problem = o.result()
            our_lines += lines
            if problem:
                problems.append(problem)
    with open(os.path.join(args.workdir, "linux.txt"), "w") as f:
        f.write("\n".join(linux_lines) + "\n")
    with open(os.path.join(args.workdir, "ours.txt"), "w") as f:
        f.write("\n".join(our_lines) + "\n")
    linux, mine = cases(linux_lines), cases(our_lines)
    passed, failed, skipped = judge(args, linux, mine)
    count = collections.Counter
    print("cases on Linux (%s): %s; here: %s (%d applets, %.0f s)" % (
        "recorded" if recorded else os.path.basename(args.qemu_user), dict(count(linux.values())),
        dict(count(mine.values())), len(applets), time.monotonic() - start))
    for p in problems:
        failed += 1
        print("FAIL the image after the run: %s" % p)
    tail = ", %d skipped" % skipped if skipped else ""
    print("%s: %d passed, %d failed%s" % (args.label, passed, failed, tail))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
