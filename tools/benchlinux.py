#!/usr/bin/env python3
"""Linux beside us: times the same static glibc programs (user/lbench) on
this kernel and on Linux 6.1 (tools/linux/build.sh), on the same QEMU
machine as make run but one hart, under -icount shift=0 (1 instruction =
1 ns, so CPU figures repeat from run to run), from the same paths of the
same FAT image, and writes one table: per row the median and range of
the runs on each kernel and the ratio ours / Linux.

Both kernels run the lines of LIST (below) in order: ours from /etc/rc,
Linux from lbinit (user/lbench/lbinit.c, in an initramfs made here),
which mounts the image and chroots into it first. Each line prints one
"lbench ..." line a round; a row's runs are its rounds, over --boots
boots of each kernel. The rows of SMP_OPS need two harts: they run in
boots of their own with SMP_HARTS harts, Linux's from its SMP build
(Image-smp, tools/linux/smp.config).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

import bench  # run_qemu (QEMU headless, killed when it stalls), git_commit

READ_MIB = 4
FILES = 1000
DEEP = "/lbench/d1/d2/d3/d4/f"
# The ops that need two harts (futexpp pins its threads to harts 0 and
# 1), and how many their boots have: 4, as make bench's, since under
# QEMU 7.2's -icount ours does not come up on 2 (the second hart stays in
# OpenSBI's wait with its start IPI pending, and every hart stops).
# Linux's SMP build is slow there to start its init: over a minute of
# host time without a word on a busy host, so its boots count as stalled
# only after SMP_STALL seconds of silence.
SMP_OPS = {"futexpp"}
SMP_HARTS = 4
SMP_STALL = 240
# (row, metric, what: an op and its arguments, N, rounds or None for
# --rounds). metric: "ns" elapsed per operation, "cpu" the process's CPU
# time per operation (for reads: no disk waits in it, which under
# -icount pass in host time). A cold read is the first read of its file
# after boot: one round.
LIST = [
    ("boot to the first program (guest clock)", "ns", "boot", 1, 1),
    ("null system call (getppid)", "ns", "getppid", 10000, None),
    ("clock_gettime through libc", "ns", "clock", 10000, None),
    ("fork + exit + wait (glibc parent)", "ns", "fork", 200, None),
    ("fork + exit + wait (parent without libc)", "ns", "nfork", 200, None),
    ("fork + exec of a no-libc program + wait", "ns", "exec /lbench/nothing", 100, None),
    ("fork + exec of a 256 KiB program + wait", "ns", "exec /testbin/big256k", 50, None),
    ("fork + exec of a 1 MiB program + wait", "ns", "exec /testbin/big1m", 50, None),
    ("the same, writing each data page once", "ns", "exec /lbench/big1m-touch", 50, None),
    ("posix_spawn of a no-libc program + wait", "ns", "spawn /lbench/nothing", 100, None),
] + [
    ("fork + exec + wait, parent holding %d MiB" % m, "ns", "held %d /lbench/nothing" % m,
     20, None) for m in (0, 8, 32, 64)
] + [
    ("pipe ping-pong between two processes (round trip)", "ns", "pingpong", 1000, None),
    ("socketpair ping-pong between two processes (round trip)", "ns", "sockpp", 1000,
     None),
    ("thread create + join (pthread)", "ns", "thread", 200, None),
    ("futex wake, threads on harts 0 and 1 (round trip / 2; %d harts)" % SMP_HARTS, "ns",
     "futexpp", 2000, None),
    ("mmap + touch + munmap of 1 MiB anonymous", "ns", "touch 256", 50, None),
    ("first touch of 4,096 pages (with mmap, munmap)", "ns", "touch 4096", 5, None),
    ("read 4 MiB in 4 KiB calls, cold (CPU)", "cpu", "read /lbench/data4m 4096", 1, 1),
    ("read 4 MiB in 4 KiB calls, warm (CPU)", "cpu", "read /lbench/data4m 4096", 1, None),
    ("read 4 MiB in 64 KiB calls, cold (CPU)", "cpu", "read /lbench/data4m-b 65536", 1, 1),
] + [
    # all warm reads read the one file the 4 KiB rows have cached
    ("read 4 MiB in %d KiB calls, warm (CPU)" % k, "cpu", "read /lbench/data4m %d" % (k * 1024),
     1, None) for k in (64, 1, 16, 256)
] + [
    ("open + close of a path four directories deep", "ns", "open " + DEEP, 1000, None),
    ("stat of %d files in a directory" % FILES, "ns", "stat /lbench/many %d" % FILES, 1,
     None),
    ("create and delete of %d files" % FILES, "ns", "creat /lbench/new %d" % FILES, 1, None),
]
LINE = bench.LBENCH_LINE
ICOUNT = ["-icount", "shift=0,sleep=on,align=off"]
# Both kernels boot with their layout fixed (norandmaps, which Linux
# takes too): a randomized one spreads an image over more page-table
# pages, a cost that would move from exec to exec; fixed, the rows time
# the same code at the same addresses every time, on both sides alike
# (docs/mm.md gives what randomization adds to our exec).
OURS_ARGS = ["-append", "norandmaps"]


# the programs copied to /lbench; an op of lbench's runs /lbench/lbench
# OP N ROUNDS ARGS, one named here its own program, PROGRAM N ROUNDS
PROGRAMS = ["lbench", "nothing", "nfork", "big1m-touch"]
OWN_PROGRAM = {"nfork": "/lbench/nfork"}


def harts(row):
    """How many harts the boots that run this LIST row have."""
    return SMP_HARTS if row[2].split()[0] in SMP_OPS else 1


def commands(rows, rounds):
    """The command lines of these rows of LIST, in order, and how many
    rounds each prints."""
    out = []
    for _, _, what, n, r in rows:
        words = what.split()
        r = r or rounds
        if words[0] in OWN_PROGRAM:
            line = "%s %d %d" % (OWN_PROGRAM[words[0]], n, r)
        else:
            line = "/lbench/lbench %s %d %d %s" % (words[0], n, r, " ".join(words[1:]))
        out.append((line.strip(), r))
    return out


def mcopy(image, src, dst):
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mcopy", "-o", "-i", image, src, dst], check=True, env=env)


def add_data(workdir, image):
    """The files the list reads: two 4 MiB files (one for each cold read),
    a path four directories deep, a directory of FILES empty files and an
    empty one to create files in."""
    data = os.path.join(workdir, "data4m")
    with open(data, "wb") as f:  # a fixed pattern: the same file every run
        f.write(bytes(i * 7 & 0xff for i in range(1 << 16)) * (READ_MIB * 16))
    mcopy(image, data, "::/lbench/data4m")
    mcopy(image, data, "::/lbench/data4m-b")
    tree = os.path.join(workdir, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree + os.path.dirname(DEEP))
    os.makedirs(os.path.join(tree, "lbench", "new"))
    os.makedirs(os.path.join(tree, "lbench", "many"))
    open(tree + DEEP, "w").close()
    for i in range(FILES):
        open(os.path.join(tree, "lbench", "many", str(i)), "w").close()
    for name in ("d1", "new", "many"):
        env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
        subprocess.run(["mcopy", "-s", "-i", image, os.path.join(tree, "lbench", name),
                        "::/lbench/"], check=True, env=env)


def make_image(args, rows, rounds, name):
    """A copy of the image, NAME.img, with /lbench (the programs, a data
    file and the list of these rows of LIST) and an /etc/rc that runs the
    list, then powers off. With --profile each row's samples go to
    /lbench/pI.dat, I its index in LIST."""
    image = os.path.join(args.workdir, name + ".img")
    shutil.copyfile(args.image, image)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mmd", "-i", image, "::/lbench"], check=True, env=env)
    for name in PROGRAMS:
        mcopy(image, os.path.join(args.progs, name), "::/lbench/" + name)
    add_data(args.workdir, image)
    lines = "".join(c + "\n" for c, _ in commands(rows, rounds))
    rc = lines
    if args.profile:  # each line under the profiler
        rc = "".join("kprof on %d\n%s\nkprof off\nkprof dump /lbench/p%d.dat\n"
                     % (args.profile_hz, c, LIST.index(row))
                     for row, (c, _) in zip(rows, commands(rows, rounds)))
    for name, text in (("list", lines), ("rc", rc + "poweroff\n")):
        path = os.path.join(args.workdir, name)
        with open(path, "w") as f:
            f.write(text)
    mcopy(image, os.path.join(args.workdir, "list"), "::/lbench/list")
    mcopy(image, os.path.join(args.workdir, "rc"), "::/etc/rc")
    return image


def cpio_entry(name, mode, data=b"", rdev=(0, 0)):
    """One member of a "newc" cpio archive, the format of an initramfs."""
    fields = (0, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0)
    head = b"070701" + b"".join(b"%08x" % v for v in fields) + name.encode() + b"\0"
    head += b"\0" * (-len(head) % 4)
    return head + data + b"\0" * (-len(data) % 4)


def make_initramfs(args):
    """/init (lbinit), /dev/console for its output, /dev and /mnt to mount on."""
    with open(os.path.join(args.progs, "lbinit"), "rb") as f:
        init = f.read()
    archive = (cpio_entry("dev", 0o40755) + cpio_entry("dev/console", 0o20600, rdev=(5, 1)) +
               cpio_entry("mnt", 0o40755) + cpio_entry("init", 0o100755, init) +
               cpio_entry("TRAILER!!!", 0))
    path = os.path.join(args.workdir, "initramfs.cpio")
    with open(path, "wb") as f:
        f.write(archive)
    return path


def boot(args, kernel, image, extra, log, smp):
    """One boot with SMP harts, to poweroff, of a fresh copy of image; its
    console output. A boot that falls silent is made again, as make
    bench's are: under -icount QEMU 7.2 now and then stops every hart,
    with several harts most often while the others start."""
    copy = image + ".boot"
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-bios", args.firmware,
           "-m", args.mem, "-smp", str(smp), "-nographic", "-no-reboot", "-kernel", kernel,
           "-drive", "file=%s,if=none,format=raw,id=disk0" % copy,
           "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0"] + ICOUNT + extra
    for attempt in range(1, bench.BOOT_ATTEMPTS + 1):
        shutil.copyfile(image, copy)
        out, why = bench.run_qemu(cmd, args.timeout,
                                  bench.STALL_SECONDS if smp == 1 else SMP_STALL)
        log.write(out)
        if why:
            print("benchlinux: %s: QEMU killed (%s), boot %d; see %s"
                  % (kernel, why, attempt, log.name), flush=True)
        if why != "stall":
            break
    return out.decode("utf-8", "replace")


def samples(out, rows, rounds):
    """Each of these rows' figures from one boot's output. The lbench
    lines come in the rows' order, up to each command's rounds in a run; a
    command that failed printed fewer (or none), and its row has fewer
    figures."""
    found = LINE.findall(out)
    figures, i = [], 0
    for (_, metric, what, n, _), (_, r) in zip(rows, commands(rows, rounds)):
        key = (what.split()[0], ",".join(what.split()[1:]) or "-", str(n))
        got = []
        while i < len(found) and len(got) < r and found[i][:3] == key:
            got.append(int(found[i][4] if metric == "ns" else found[i][5]) / 1000.0)
            i += 1
        figures.append(got)
    return figures


def fmt(xs):
    if not xs:
        return "failed", None
    med = statistics.median(xs)
    f = "%.2f" if med < 10 else "%.1f" if med < 1000 else "%.0f"
    return (f + " (" + f + "–" + f + ")") % (med, min(xs), max(xs)), med


def table(ours, linux, args, rounds):
    """The document: how it was measured, then one row per list line.
    Returns it and the rows Linux gave no figures for (ours may fail a
    row, and the table says so: Linux is the reference)."""
    lines = [
        "# This kernel beside Linux 6.1",
        "",
        "Written by `make bench-linux` (tools/benchlinux.py) at commit %s." % bench.git_commit(),
        "Both kernels on QEMU `virt` (as `make run`), one hart (rows marked \"%d" % SMP_HARTS,
        "harts\": %d, and Linux's SMP build, tools/linux/smp.config), %s, `-icount"
        % (SMP_HARTS, args.mem),
        "shift=0,sleep=on` (1 instruction = 1 ns: the figures count instructions",
        "and repeat, except where a disk wait passes in host time); the same static",
        "glibc programs (user/lbench) from the same paths of the same FAT image.",
        "Linux is Debian 12's `linux` source package, `tinyconfig` plus",
        "tools/linux/bench.config, its init user/lbench/lbinit.c.",
        "",
        "µs per operation: the median of each kernel's runs (%d rounds in each of" % rounds,
        "%d boot(s); boot and a cold read are one run a boot), their range in" % args.boots,
        "brackets; ratio = ours / Linux. (CPU): the reading process's CPU time,",
        "without the disk waits. Boot: from the zero of each kernel's clock (reset",
        "for ours, a little after it for Linux) to the list's first program,",
        "disk waits included. \"failed\": the program gave no figure on that",
        "kernel (see the boot's output in build/benchlinux/console.log).",
        "",
        "| operation | this kernel | Linux 6.1 | ratio |",
        "|---|---|---|---|",
    ]
    missing = 0
    for (row, *_), a, b in zip(LIST, ours, linux):
        (ta, ma), (tb, mb) = fmt(a), fmt(b)
        missing += mb is None
        ratio = "%.2f" % (ma / mb) if ma is not None and mb else "-"
        lines.append("| %s | %s | %s | %s |" % (row, ta, tb, ratio))
    lines += [
        "",
        "The held rows time the forks alone: the parent takes and touches its",
        "memory before the first round. Linux's vfat keeps no index of a",
        "directory: each create and delete walks its entries, hence its create",
        "row. Its first stat of a directory's files reads them into the dentry",
        "cache; the median leaves that round out. The futex row: two threads",
        "pinned to harts 0 and 1 hand a futex word back and forth (FUTEX_WAKE,",
        "FUTEX_WAIT); a hand-over is a round trip / 2.",
    ]
    return "\n".join(lines) + "\n", missing


EXEC_PROGS = ["/lbench/nothing", "/testbin/big256k", "/testbin/big1m"]
HELD_MIB = [0, 8, 32, 64]
READ_KIB = [1, 4, 16, 64, 256]


def host_file(args, path):
    """The built file that is PATH on the image."""
    if path.startswith("/lbench/"):
        return os.path.join(args.progs, path[len("/lbench/"):])
    return os.path.join(os.path.dirname(args.image), "user", path.lstrip("/"))


def plots(ours, linux, args):
    """How cost grows with the work, one SVG a figure next to --out (each
    kernel's medians): exec against the program's size, fork + exec
    against the parent's, and reading 4 MiB warm against the call size.
    Returns the files' names."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    med = {what: (statistics.median(a) if a else None, statistics.median(b) if b else None)
           for (_, _, what, _, _), a, b in zip(LIST, ours, linux)}
    figures = [
        ("exec", "fork + exec + wait against the program's size", "program file (KiB)",
         [(os.path.getsize(host_file(args, p)) / 1024, "exec " + p) for p in EXEC_PROGS],
         False),
        ("fork", "fork + exec + wait against the parent's size", "memory the parent holds (MiB)",
         [(m, "held %d /lbench/nothing" % m) for m in HELD_MIB], False),
        ("read", "reading a cached 4 MiB file: CPU time against the call size",
         "bytes a read() call (KiB)",
         [(k, "read /lbench/data4m %d" % (k * 1024)) for k in READ_KIB], True),
    ]
    names = []
    base = os.path.splitext(args.out)[0]
    for name, title, xlabel, points, logx in figures:
        fig, ax = plt.subplots(figsize=(6, 3.6))
        for i, label in enumerate(("this kernel", "Linux 6.1")):
            xy = [(x, med[w][i]) for x, w in points if med.get(w, (None, None))[i] is not None]
            ax.plot([x for x, _ in xy], [y for _, y in xy], marker="o", label=label)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("µs (instructions / 1000)")
        if logx:
            ax.set_xscale("log", base=2)
            ax.set_xticks([x for x, _ in points], [str(x) for x, _ in points])
        ax.set_ylim(bottom=0)
        ax.legend()
        fig.tight_layout()
        path = "%s-%s.svg" % (base, name)
        # no date in the file: a rerun with the same figures changes nothing
        fig.savefig(path, metadata={"Date": None})
        plt.close(fig)
        names.append(os.path.basename(path))
    return names


def profiles(args, images):
    """After --profile boots: each row's samples named by tools/kprof.
    images[i]: the booted copy of the image that holds row i's."""
    here = os.path.dirname(os.path.abspath(__file__))
    users = [os.path.join(os.path.dirname(args.image), "user", d) for d in ("bin", "tests")]
    for i, (row, *_) in enumerate(LIST):
        dump = os.path.join(args.workdir, "p%d.dat" % i)
        print("\n## %s\n" % row, flush=True)
        mcopy(images[i], "::/lbench/p%d.dat" % i, dump)
        cmd = [sys.executable, os.path.join(here, "kprof"), "--kernel", args.kernel,
               "--no-idle", "--user", args.progs] + sum([["--user", u] for u in users], [])
        subprocess.run(cmd + [dump], check=True)
    return 0


def run_boots(args, smp, initramfs, log, ours, linux):
    """Boots each kernel --boots times with SMP harts, running the rows of
    LIST that need that many; adds their figures to ours[i] and linux[i].
    Returns the booted image's copy (for --profile) and the rows' indexes."""
    index = [i for i, row in enumerate(LIST) if harts(row) == smp]
    rows = [LIST[i] for i in index]
    if not rows:
        return None, []
    image = make_image(args, rows, args.rounds, "bench-smp%d" % smp)
    kernel = args.linux if smp == 1 else args.linux_smp
    for _ in range(args.boots):
        out = boot(args, args.kernel, image, OURS_ARGS, log, smp)
        for i, got in zip(index, samples(out, rows, args.rounds)):
            ours[i] += got
        if args.no_linux:
            continue
        out = boot(args, kernel, image,
                   ["-initrd", initramfs, "-append", "console=ttyS0 quiet norandmaps"], log, smp)
        for i, got in zip(index, samples(out, rows, args.rounds)):
            linux[i] += got
    return image + ".boot", index


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel")
    ap.add_argument("--image", default="build/fs.img")
    ap.add_argument("--linux", default="build/linux/Image")
    ap.add_argument("--linux-smp", help="Linux's SMP build, for the rows that need two "
                    "harts (Image-smp beside --linux)")
    ap.add_argument("--progs", default="build/lbench", help="PROGRAMS and lbinit")
    ap.add_argument("--workdir", default="build/benchlinux")
    ap.add_argument("--out", default="docs/bench-linux.md")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--rounds", type=int, default=7, help="rounds of each line a boot")
    ap.add_argument("--boots", type=int, default=3, help="boots of each kernel")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per boot")
    ap.add_argument("--only", metavar="REGEX",
                    help="only the rows whose op (e.g. 'getppid|exec') matches; "
                    "the table goes to the terminal alone, unless --out is given")
    ap.add_argument("--no-linux", action="store_true",
                    help="boot this kernel alone (its column only)")
    ap.add_argument("--profile", action="store_true",
                    help="this kernel alone, each row under its profiler: where its "
                    "instructions go (tools/kprof's report a row)")
    ap.add_argument("--profile-hz", type=int, default=10000,
                    help="samples a second of guest time with --profile (10000)")
    args = ap.parse_args()
    args.no_linux |= args.profile
    if args.only:
        global LIST
        LIST = [row for row in LIST if re.search(args.only, row[2])]
        if "--out" not in sys.argv:
            args.out = None

    args.linux_smp = args.linux_smp or os.path.join(os.path.dirname(args.linux), "Image-smp")

    os.makedirs(args.workdir, exist_ok=True)
    initramfs = make_initramfs(args)
    ours, linux = [[] for _ in LIST], [[] for _ in LIST]
    images = [None] * len(LIST)
    with open(os.path.join(args.workdir, "console.log"), "wb") as log:
        for smp in (1, SMP_HARTS):
            image, index = run_boots(args, smp, initramfs, log, ours, linux)
            for i in index:
                images[i] = image
    if args.profile:
        return profiles(args, images)
    text, missing = table(ours, linux, args, args.rounds)
    sys.stdout.write(text)
    if not args.out:
        return 0
    text += "\n" + "".join("![%s](%s)\n" % (n, n) for n in plots(ours, linux, args))
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    if missing:
        print("benchlinux: %d row(s) without Linux's figures: see %s/console.log"
              % (missing, args.workdir))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
