#!/usr/bin/env python3
"""Exec benchmark: boots the kernel headless in QEMU (-smp 4 by default)
with a copy of the image whose /etc/rc runs /bin/execbench with 1, 2 and
4 parallel loops, each loop doing N fork+execve+wait4 of /bin/true, then
prints a table of throughput and of the speedup over one loop, next to
the bound min(loops, host cores): QEMU runs each hart on a host thread,
so a host with fewer cores than loops cannot show more.

Each configuration boots twice: plain (time is the host's, harts run in
parallel), and under -icount shift=0,align=off,sleep=off (time is
instructions executed, 1 ns each; all harts share one host thread, so
there the speedup measures what contention costs, not parallelism, and
as disk completions still arrive in host time the numbers are not
repeatable either). The table is also written to --out (build/bench.txt).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

LINE = re.compile(r"execbench loops=(\d+) n=(\d+) total_ms=([\d.]+) "
                  r"per_exec_us=([\d.]+) execs_per_s=(\d+)")
MODES = [
    ("plain", []),
    ("icount", ["-icount", "shift=0,align=off,sleep=off"]),
]


READ_MIB = 16


def make_image(base, path, rc_text, workdir):
    """A copy of base with the boot script and a 16 MiB file to read."""
    shutil.copyfile(base, path)
    rc = os.path.join(workdir, "rc")
    with open(rc, "w") as f:
        f.write(rc_text)
    big = os.path.join(workdir, "big16")
    with open(big, "wb") as f:  # a fixed pattern: the same file every run
        block = bytes((i * 7 + i // 251) & 0xff for i in range(1 << 16))
        for _ in range(READ_MIB * 16):
            f.write(block)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mcopy", "-o", "-i", path, rc, "::/etc/rc"], check=True, env=env)
    subprocess.run(["mcopy", "-o", "-i", path, big, "::/data/big16"], check=True, env=env)


def boot(args, image, extra, log):
    """Runs one boot to poweroff; returns its console output."""
    cmd = [
        "qemu-system-riscv64", "-machine", "virt", "-bios", args.firmware,
        "-m", args.mem, "-smp", str(args.cpus), "-nographic",
        "-kernel", args.kernel,
        "-drive", "file=%s,if=none,format=raw,id=disk0" % image,
        "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0",
    ] + extra
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=args.timeout).stdout
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"") + b"\n[bench: QEMU killed after %ds]\n" % args.timeout
    log.write(out)
    return out.decode("utf-8", "replace")


READS = [("/data/big16", 4096), ("/data/big16", 65536), ("/dev/vda", 65536)]
READ_LINE = re.compile(r"readbench file=(\S+) chunk=(\d+) kib=(\d+) ms=(\d+) "
                       r"mib_per_s=([\d.]+) requests=(\d+)")


def read_rows(mode, out):
    """The read-rate lines of one boot, each with its ratio to the raw rate."""
    got = [m.groups() for m in READ_LINE.finditer(out)]
    raw = [float(g[4]) for g in got if g[0] == "/dev/vda"]
    rows = []
    for f, chunk, kib, ms, rate, req in got:
        ratio = float(rate) / raw[0] if raw and raw[0] else 0
        rows.append("%-7s %-12s %6s %8s %9s %10s %9.2f" % (mode, f, chunk, req, ms, rate, ratio))
    return rows


SIZE_PROGS = ["/bin/true", "/testbin/big256k", "/testbin/big1m"]
SIZE_N = 20
SIZE_LINE = re.compile(r"execbench loops=1 n=(\d+) total_ms=[\d.]+ per_exec_us=([\d.]+) "
                       r"execs_per_s=\d+ requests_per_exec=([\d.]+) "
                       r"kib_read_per_exec=([\d.]+) file_kib=(\d+) prog=(\S+)")


def size_rows(mode, out):
    """The exec-by-size lines of one boot, cold (n=1) then warm."""
    rows = []
    for m in SIZE_LINE.finditer(out):
        n, per_us, req, kib, file_kib, prog = m.groups()
        if int(n) not in (1, SIZE_N) or prog not in SIZE_PROGS:
            continue
        ratio = float(kib) / float(file_kib) if float(file_kib) else 0
        rows.append("%-7s %-17s %-5s %12s %9s %11s %9s %10.2f" % (
            mode, prog, "cold" if n == "1" else "warm", per_us, req, kib, file_kib, ratio))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel")
    ap.add_argument("--image", default="build/fs.img")
    ap.add_argument("--workdir", default="build/bench")
    ap.add_argument("--out", default="build/bench.txt")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--cpus", type=int, default=4)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--prog", default="/bin/true")
    ap.add_argument("-n", type=int, default=100, help="execs per loop")
    ap.add_argument("--loops", default="1,2,4")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per boot")
    args = ap.parse_args()

    loops = [int(x) for x in args.loops.split(",")]
    cores = os.cpu_count() or 1
    os.makedirs(args.workdir, exist_ok=True)
    image = os.path.join(args.workdir, "bench.img")
    # Exec by program size, first cold (nothing of the program cached
    # yet: the first exec of each after boot) and then warm.
    rc = "".join("execbench 1 %s 1\n" % p for p in SIZE_PROGS)
    rc += "".join("execbench 1 %s %d\n" % (p, SIZE_N) for p in SIZE_PROGS)
    # A short warm-up first: block cache, process slots, page allocator.
    rc += "execbench 2 %s 5\n" % args.prog
    rc += "".join("execbench %d %s %d\n" % (l, args.prog, args.n) for l in loops)
    # File reads through the FAT code against the raw disk's rate.
    rc += "".join("readbench %s %d %d\n" % (f, c, READ_MIB * 1024) for f, c in READS)
    rc += "poweroff\n"
    make_image(args.image, image, rc, args.workdir)

    rows, missing, sizes, reads = [], 0, [], []
    with open(os.path.join(args.workdir, "console.log"), "wb") as log:
        for mode, extra in MODES:
            t0 = time.monotonic()
            out = boot(args, image, extra, log)
            wall = time.monotonic() - t0
            sizes += size_rows(mode, out)
            reads += read_rows(mode, out)
            got = {}
            for m in LINE.finditer(out):
                l, n = int(m.group(1)), int(m.group(2))
                if n == args.n:
                    got[l] = float(m.group(3))
            base = None
            for l in loops:
                if l not in got:
                    missing += 1
                    rows.append((mode, l, None))
                    continue
                rate = l * args.n / (got[l] / 1000.0)
                if l == loops[0]:
                    base = rate / loops[0]
                bound = 1 if mode == "icount" else min(l, cores)
                rows.append((mode, l, (got[l], got[l] * 1000.0 / (l * args.n), rate,
                                       rate / base if base else None, bound)))
            print("bench: %s boot took %.1fs" % (mode, wall), flush=True)

    lines = [
        "execbench: LOOPS parallel loops of %d fork+execve+wait4 of %s; "
        "QEMU -smp %d, host cores %d" % (args.n, args.prog, args.cpus, cores),
        "%-7s %5s %6s %10s %12s %9s %8s %6s" % (
            "mode", "loops", "execs", "total_ms", "per_exec_us", "execs/s",
            "speedup", "bound"),
    ]
    for mode, l, r in rows:
        if r is None:
            lines.append("%-7s %5d   (no result: see %s/console.log)"
                         % (mode, l, args.workdir))
            continue
        total_ms, per_us, rate, speedup, bound = r
        lines.append("%-7s %5d %6d %10.1f %12.1f %9.1f %8s %6d" % (
            mode, l, l * args.n, total_ms, per_us, rate,
            "%.2f" % speedup if speedup else "-", bound))
    lines += [
        "speedup = execs/s over execs/s with 1 loop; bound = min(loops, host cores),",
        "as QEMU runs each hart on its own host thread.",
        "icount: time counts instructions (1 ns each) and every hart runs in one",
        "host thread, so its speedups say what contention costs, not parallelism",
        "(bound 1). Disk completions still arrive in host time: icount numbers",
        "vary from run to run too.",
    ]
    lines += [
        "",
        "exec by program size: fork+execve+wait4, cold (first exec after boot) and",
        "warm (average of %d); disk requests and KiB read per exec, and read / file size" % SIZE_N,
        "%-7s %-17s %-5s %12s %9s %11s %9s %10s" % (
            "mode", "program", "cache", "per_exec_us", "requests", "kib_read",
            "file_kib", "read/file"),
    ] + sizes + [
        "",
        "reading %d MiB from the start: a file through the FAT code, and the raw" % READ_MIB,
        "disk (/dev/vda, around the block cache), the limit; ratio = rate / raw rate",
        "%-7s %-12s %6s %8s %9s %10s %9s" % ("mode", "file", "chunk", "requests", "ms",
                                            "MiB/s", "ratio"),
    ] + reads
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
