#!/usr/bin/env python3
"""Boots the kernel headless again and again with an /etc/rc of `dmesg`
and `poweroff`, to catch a boot that hangs now and then (a race between
harts at boot shows up once in tens of boots). A boot passes if every
hart came up ("N of N harts running" in the kernel log) and the machine
powered off cleanly within the time limit. The console of each failed
boot is kept in the work directory. Ends with "LABEL: N passed, N failed".

    tools/bootloop.py --machine sifive_u --cpus 4 --boots 50
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grader  # noqa: E402  (one place for the QEMU command line)


def boot(args, image):
    """One boot: (passed, console text, seconds)."""
    cmd = grader.qemu_cmd(args, image) + ["-snapshot"]
    start = time.time()
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=args.timeout)
        out = r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b""
    text = out.decode("utf-8", "replace").replace("\r", "")
    lines = text.splitlines()
    running = "%d of %d harts running" % (args.cpus, args.cpus)
    ok = any(l.endswith(running) for l in lines) and bool(lines) and lines[-1] == "power off"
    return ok, text, time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel")
    ap.add_argument("--image", default="build/fs.img")
    ap.add_argument("--workdir", default="build/bootloop")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--machine", default="virt", choices=["virt", "sifive_u"])
    ap.add_argument("--cpus", type=int, default=4,
                    help="harts the kernel runs on (sifive_u: U54s, 1 to 4)")
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--boots", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=30, help="seconds per boot")
    ap.add_argument("--label", default="bootloop")
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    image = os.path.join(args.workdir, "rc.img")
    grader.shutil.copyfile(args.image, image)
    rc = os.path.join(args.workdir, "rc")
    with open(rc, "w") as f:
        f.write("dmesg\npoweroff\n")
    grader.sh("mcopy", "-o", "-i", image, rc, "::/etc/rc")

    passed = failed = 0
    for i in range(args.boots):
        ok, text, secs = boot(args, image)
        if ok:
            passed += 1
            continue
        failed += 1
        log = os.path.join(args.workdir, "boot%d.log" % i)
        with open(log, "w") as f:
            f.write(text)
        print("FAIL boot %d of %d (%.1f s), console in %s; its end:\n%s"
              % (i + 1, args.boots, secs, log, "\n".join(text.splitlines()[-6:])))
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
