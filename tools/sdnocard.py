#!/usr/bin/env python3
"""Boots sifive_u with an empty SD slot (no -drive if=sd): the kernel must
say there is no card, say it cannot run /init, and power off by itself
(QEMU exits) within the time limit, never hang. Ends with
"sd-nocard: N passed, N failed"."""
import argparse
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    cmd = ["qemu-system-riscv64", "-machine", "sifive_u", "-bios", args.firmware,
           "-m", "128M", "-smp", "3", "-nographic", "-no-reboot",
           "-kernel", args.kernel]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=args.timeout)
        out, exited = r.stdout.decode("utf-8", "replace"), True
    except subprocess.TimeoutExpired as e:
        out, exited = (e.stdout or b"").decode("utf-8", "replace"), False
    lines = [l.rstrip("\r") for l in out.splitlines()]
    checks = [
        # QEMU's empty slot leaves the line high: CMD0 gets no answer in time
        ("the kernel says no card answers",
         any("sd: no card answers" in l or "is there a card in the slot?" in l
             for l in lines)),
        ("and that it has no root volume",
         any("no FAT32 volume on any disk" in l for l in lines)),
        ("it powers off, reporting failure", bool(lines) and lines[-1] == "power off: failure"),
        ("QEMU exits by itself (no hang)", exited),
    ]
    passed = failed = 0
    for what, ok in checks:
        print("%s %s" % ("PASS" if ok else "FAIL", what))
        passed, failed = passed + ok, failed + (not ok)
    if failed:
        print("console:\n" + "\n".join(lines[-12:]))
    print("sd-nocard: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
