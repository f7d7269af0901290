#!/usr/bin/env python3
"""The userland against Linux: every script in user/userland/ (NAME.sh run
by busybox's ash, NAME.lua by lua, as their #! lines say) runs twice with
the same busybox and lua binaries, on the host under qemu-riscv64 (Linux's
own answers) and under our kernel in QEMU (all of them in one boot, through
/bin/runtests, from /tmp), and the two runs must print the same lines and
end the same way.

    tools/userlandcmp.py [--build build] [NAME...]

On our system the scripts find the applets as /bin/NAME (applet links
to /bin/busybox), lua as /bin/lua, and our own programs (crash, loader, ...) under
their names, which no wrapper takes. On the host their PATH is a
directory of host shell scripts of the same names, each running the same
riscv64 program under qemu-riscv64 (the applet, lua, or our program from
$BUILD/user/bin), so a script runs the same binaries on both sides without
binfmt_misc. Each runs in a fresh empty directory: /tmp on
our system, a temporary one on the host; a script cleans up after itself.
Ends with "userland: N passed, N failed[, N skipped]".
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grader  # noqa: E402  (sh, fsck_problem)
import linuxcmp  # noqa: E402  (run_kernel, describe, outcome, default_signals)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "user", "userland")
IMAGE_DIR = "/userland"


def host_bin(args):
    """The host's stand-ins for /bin: a shell script per applet and lua."""
    d = os.path.abspath(os.path.join(args.workdir, "hostbin"))
    qemu = shutil.which("qemu-riscv64")  # the scripts' PATH is d alone
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    busybox = os.path.abspath(os.path.join(args.build, "userland", "bin", "busybox"))
    lua = os.path.abspath(os.path.join(args.build, "userland", "bin", "lua"))
    with open(os.path.join(args.build, "userland", "bin", "busybox.list")) as f:
        runs = {name: '"%s" %s' % (busybox, name) for name in f.read().split()}
    runs["busybox"] = '"%s"' % busybox
    runs["lua"] = '"%s"' % lua
    ours = os.path.abspath(os.path.join(args.build, "user", "bin"))
    for name in os.listdir(ours):  # what /bin/NAME is on the image
        runs[name] = '"%s"' % os.path.join(ours, name)
    for name, what in runs.items():
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write('#!/bin/sh\nexec %s %s "$@"\n' % (qemu, what))
        os.chmod(path, 0o755)
    return d


def host_cmd(script, hostbin):
    """What the kernel's #! handling runs for script, with /bin/NAME taken
    from hostbin: "#!/bin/busybox sh" -> [hostbin/busybox, sh, script]."""
    with open(script) as f:
        line = f.readline()
    words = line[2:].split()
    return [os.path.join(hostbin, os.path.basename(words[0]))] + words[1:] + [script]


def run_host(script, hostbin, timeout):
    """One script on the host, as runtests runs it on ours (env PATH only).
    Returns (lines, how, code, files it left)."""
    with tempfile.TemporaryDirectory(prefix="userlandcmp-") as cwd:
        try:
            r = subprocess.run(host_cmd(script, hostbin), cwd=cwd, env={"PATH": hostbin},
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=timeout,
                               preexec_fn=linuxcmp.default_signals)
            out, how, code = r.stdout, *linuxcmp.outcome(r.returncode)
        except subprocess.TimeoutExpired as e:
            out, how, code = e.stdout or b"", "timeout", 0
        left = sorted(os.listdir(cwd))
    return out.decode("utf-8", "replace").splitlines(), how, code, left


def base_image(args, names):
    """A copy of the image with the scripts in /userland."""
    image = os.path.join(args.workdir, "userland.img")
    shutil.copyfile(args.image, image)
    grader.sh("mmd", "-i", image, "::" + IMAGE_DIR)
    for n in names:
        grader.sh("mcopy", "-i", image, os.path.join(CASES, n), "::%s/%s" % (IMAGE_DIR, n))
    return image


def compare(want, got, timeout):
    """What is wrong with our run (got) against Linux's (want), as lines."""
    wlines, whow, wcode, left = want
    problems = []
    if got is None:
        problems.append("did not finish within %gs (hang or crash)" % timeout)
    else:
        lines, how, code = got
        if (how, code) != (whow, wcode):
            problems.append("ended with %s, on Linux %s" % (
                linuxcmp.describe(how, code), linuxcmp.describe(whow, wcode)))
        if lines != wlines:
            diff = difflib.unified_diff(wlines, lines, "linux", "ours", lineterm="")
            problems.append("output differs:\n" + "\n".join(diff))
    if whow == "timeout":
        problems.append("timed out on the host too")
    if left:
        problems.append("left files behind on the host: " + " ".join(left))
    return problems


# Scripts that need what the kernel does not have yet (docs/userland.md).
# They still run and are compared: one that passes counts as passed; one
# that fails is reported as skipped with the reason, not hidden.
UNSUPPORTED = {
}


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
    ap.add_argument("--timeout", type=float, default=60, help="seconds per script")
    ap.add_argument("--boot-timeout", type=float, default=30)
    ap.add_argument("names", nargs="*", help="scripts to run (default: all)")
    args = ap.parse_args()
    args.kernel = args.kernel or os.path.join(args.build, "kernel")
    args.image = args.image or os.path.join(args.build, "fs.img")
    args.workdir = args.workdir or os.path.join(args.build, "userlandcmp")
    os.makedirs(args.workdir, exist_ok=True)

    names = args.names or sorted(os.listdir(CASES))
    hostbin = host_bin(args)
    host = {n: run_host(os.path.join(CASES, n), hostbin, args.timeout) for n in names}
    args.image = base_image(args, names)
    args.image_workdir = "/tmp"  # each script's files go to tmpfs
    kern, stuck, klog, bad_image = linuxcmp.run_kernel(args, names, IMAGE_DIR)

    passed = failed = skipped = 0
    for n in names:
        problems = compare(host[n], kern.get(n), args.timeout)
        if n in stuck:
            problems.append("last output:\n" + "\n".join(stuck[n][-15:]))
        if problems and n in UNSUPPORTED:
            skipped += 1
            print("SKIP %s: %s (it fails: %s)" % (n, UNSUPPORTED[n], problems[0].split("\n")[0]))
        elif problems:
            failed += 1
            print("FAIL %s: %s" % (n, "\n  ".join(problems)))
        else:
            passed += 1
            print("PASS %s" % n)
    complaints = [l for l in klog if "not implemented" in l or "unknown syscall" in l]
    if complaints:
        print("kernel log:\n  " + "\n  ".join(complaints))
    if bad_image:
        failed += 1
        print("FAIL image after the run: " + bad_image)
    print("userland: %d passed, %d failed%s" % (passed, failed,
                                             ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
