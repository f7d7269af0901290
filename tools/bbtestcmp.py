#!/usr/bin/env python3
"""busybox's own test suite (testsuite/ in Debian's busybox source) on our
kernel and on Linux, case by case: the same riscv64 busybox binary runs
the same runtest under its own ash, in QEMU on our system (from /tmp,
copied off the image) and on the host under qemu-riscv64 (tools/bbtest/
run.sh on both sides). Every case that passes on Linux must pass here,
unless KNOWN lists it with the reason; a case that fails on Linux too is
counted but not held against us.

    tools/bbtestcmp.py [--build build] [--groups N] [--all | APPLET...]

By default the applets of DEFAULT run (make test's share: the text tools,
files and directories, the shell's helpers); --all runs every applet the
suite tests (about 1,500 cases: much longer). The applets are split into --groups groups (default 2),
each a boot of its own and a host run of its own, --jobs at a time.
Ends with "busybox-testsuite: N passed, N failed[, N skipped]": a case
passed if it passed on both sides, failed if it passed on Linux only,
skipped if it failed on Linux (or is in KNOWN).
"""
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
RESULT = re.compile(r"^(PASS|FAIL|SKIPPED|UNTESTED): (.*)$")
QEMU_USER = "/usr/bin/qemu-riscv64"

# make test's applets: what scripts lean on most, about 500 cases.
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


def run_host(args, suite, applets):
    """One group under qemu-riscv64: the runner's lines."""
    work = tempfile.mkdtemp(prefix="host-", dir=args.workdir)
    os.makedirs(os.path.join(work, "bb"))
    wrapper = os.path.join(work, "bb", "busybox")
    busybox = os.path.abspath(os.path.join(args.build, "userland", "bin", "busybox"))
    with open(wrapper, "w") as f:  # argv[0] names the applet, as a link's would
        f.write('#!/bin/sh\nexec %s -0 "$0" %s "$@"\n' % (QEMU_USER, busybox))
    os.chmod(wrapper, 0o755)
    config = os.path.join(args.build, "userland", "obj", "busybox", ".config")
    cmd = [wrapper, "ash", RUNNER, os.path.join(work, "w"), suite, config] + applets
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=args.timeout,
                           env={"PATH": "/usr/bin:/bin", "BB": wrapper})
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
    grader.sh("mcopy", "-i", image,
              os.path.join(args.build, "userland", "obj", "busybox", ".config"),
              "::/bbtest/config")
    rc = image + ".rc"
    with open(rc, "w") as f:
        f.write("BB=/bin/busybox busybox ash /bbtest/run.sh /tmp/bbt /bbtest/testsuite "
                "/bbtest/config %s < /dev/null\n"
                "echo @@@ done\npoweroff\n" % " ".join(applets))
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


def judge(linux, ours):
    """Prints each case that differs; returns (passed, failed, skipped)."""
    passed = failed = skipped = 0
    for key, want in sorted(linux.items()):
        got = ours.get(key, "missing")
        name = key[0] if key[1] == 0 else "%s (#%d)" % key
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
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--groups", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=900, help="seconds per group")
    ap.add_argument("--all", action="store_true", help="every applet the suite tests")
    ap.add_argument("--exclude", default="",
                    help="applets left out (comma-separated), e.g. --all --exclude bc")
    ap.add_argument("applets", nargs="*", help="applets to test (default: DEFAULT)")
    args = ap.parse_args()
    args.kernel = args.kernel or os.path.join(args.build, "kernel")
    args.image = args.image or os.path.join(args.build, "fs.img")
    args.workdir = os.path.abspath(args.workdir or os.path.join(args.build, "bbtest"))
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)

    suite = testsuite_dir(args.build)
    tested = tested_applets(args.build, suite)
    applets = args.applets or (tested if args.all else [a for a in tested if a in DEFAULT])
    applets = [a for a in applets if a not in args.exclude.split(",")]
    groups = [applets[i::args.groups] for i in range(args.groups) if applets[i::args.groups]]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        host = [pool.submit(run_host, args, suite, g) for g in groups]
        ours = [pool.submit(run_ours, args, suite, g, i) for i, g in enumerate(groups)]
        linux_lines = sum((h.result() for h in host), [])
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
    passed, failed, skipped = judge(linux, mine)
    count = collections.Counter
    print("cases on Linux: %s; here: %s (%d applets, %.0f s)" % (
        dict(count(linux.values())), dict(count(mine.values())), len(applets),
        time.monotonic() - start))
    for p in problems:
        failed += 1
        print("FAIL the image after the run: %s" % p)
    tail = ", %d skipped" % skipped if skipped else ""
    print("busybox-testsuite: %d passed, %d failed%s" % (passed, failed, tail))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
