#!/usr/bin/env python3
"""System-test grader: boots the kernel headless in QEMU with a copy of the
image whose /etc/rc runs every test program in /tests, then compares each
test's console output with user/tests/NAME.out.

Each test has a time limit. A test that overruns it (or a kernel that dies)
fails, and the grader boots again to run the tests after it, so one hang
never stops the run. Ends with "system: N passed, N failed" (--label
names it otherwise).
"""
import argparse
import difflib
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time

BEGIN = re.compile(r"^@@@ begin (\S+)$")
END = re.compile(r"^@@@ end (\S+) (status|signal) (\d+)$")


def sh(*cmd):
    subprocess.run(cmd, check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))


def make_image(base, path, names, workdir, force=False):
    """A copy of base whose /etc/rc runs the named tests, then powers off
    (with force, at once: no process is ended first)."""
    shutil.copyfile(base, path)
    rc = os.path.join(workdir, "rc")
    # a line of 32 names at most, for a boot log that reads well
    with open(rc, "w") as f:
        for i in range(0, len(names), 32):
            f.write("runtests %s\n" % " ".join(names[i:i + 32]))
        f.write("poweroff -f\n" if force else "poweroff\n")
    sh("mcopy", "-o", "-i", path, rc, "::/etc/rc")


def extra_disks(args):
    """Where each boot's fresh copy of every --disk goes (vdb, vdc, ...)."""
    return [os.path.join(args.workdir, "vd%s.img" % chr(ord("b") + i))
            for i in range(len(getattr(args, "disk", [])))]


def qemu_cmd(args, image):
    if getattr(args, "machine", "virt") == "sifive_u":
        # the image is the SD card; -smp counts hart 0, the E51 (no MMU),
        # which the kernel leaves alone; -no-reboot: SBI reset ends QEMU
        return [
            "qemu-system-riscv64", "-machine", "sifive_u", "-bios", args.firmware,
            "-m", args.mem, "-smp", str(args.cpus + 1), "-nographic", "-no-reboot",
            "-kernel", args.kernel,
            "-drive", "file=%s,if=sd,format=raw" % image,
            "-append", args.bootargs,
        ]
    extra = []
    for i, path in enumerate(extra_disks(args)):
        extra += ["-drive", "file=%s,if=none,format=raw,id=disk%d" % (path, i + 1),
                  "-device", "virtio-blk-device,drive=disk%d,bus=virtio-mmio-bus.%d"
                  % (i + 1, i + 1)]
    return [
        "qemu-system-riscv64", "-machine", "virt", "-bios", args.firmware,
        "-m", args.mem, "-smp", str(args.cpus), "-nographic",
        "-kernel", args.kernel,
        "-drive", "file=%s,if=none,format=raw,id=disk0" % image,
        "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0",
        "-append", args.bootargs,
    ] + extra


class Boot:
    """One QEMU run; yields console lines, each with a deadline check."""

    def __init__(self, cmd, log):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b""
        self.log = log

    def readline(self, deadline):
        """The next line, or None at end of output or past the deadline."""
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                if not self.buf:
                    return None
                self.buf += b"\n"
                break
            self.log.write(chunk)
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def procdump(self, seconds=3):
        """What the kernel's ^P prints (every process and hart), read for
        a few seconds: for the report of a test that hung."""
        try:
            self.proc.stdin.write(b"\x10")
            self.proc.stdin.flush()
        except OSError:
            return []
        out, deadline = [], time.monotonic() + seconds
        while True:
            line = self.readline(deadline)
            if line is None:
                return out
            out.append(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        return self.proc.returncode


def run_boot(args, names, image, log):
    """Runs names in one boot. Returns {name: (lines, how, code)} for the
    tests that finished, and the name of one that hung or crashed, if any."""
    make_image(args.image, image, names, args.workdir, args.poweroff_force)
    for src, dst in zip(args.disk, extra_disks(args)):
        shutil.copyfile(src, dst)
    boot = Boot(qemu_cmd(args, image), log)
    results, current, lines = {}, None, []
    deadline = time.monotonic() + args.boot_timeout
    try:
        while True:
            line = boot.readline(deadline)
            if line is None:
                if current:
                    lines = lines[-15:] + ["--- the kernel's ^P then:"] + boot.procdump()
                return results, current, lines
            m = BEGIN.match(line)
            if m:
                current, lines = m.group(1), []
                deadline = time.monotonic() + args.timeout
                continue
            m = END.match(line)
            if m and m.group(1) == current:
                results[current] = (lines, m.group(2), int(m.group(3)))
                current = None
                deadline = time.monotonic() + args.timeout
                if len(results) == len(names):
                    # let poweroff finish: it writes the disks back, and
                    # QEMU exits (end of output) after it
                    while boot.readline(deadline) is not None:
                        pass
                    return results, None, []
                continue
            if current:
                lines.append(line)
    finally:
        boot.stop()


def expected_for(testdir, name, variant):
    """NAME.VARIANT.out if the test has one for this variant, else NAME.out."""
    path = os.path.join(testdir, "%s.%s.out" % (name, variant))
    if not variant or not os.path.exists(path):
        path = os.path.join(testdir, name + ".out")
    with open(path) as f:
        return f.read().splitlines()


def host_checks(testdir, names, images, kernel):
    """Runs NAME.host (a shell script given the image's path, then those of
    the extra disks, and the kernel's ELF as $KERNEL) for each test that
    has one; returns {name: problem} for those that failed."""
    problems = {}
    for name in names:
        script = os.path.join(testdir, name + ".host")
        if not os.path.exists(script):
            continue
        env = dict(os.environ, MTOOLS_SKIP_CHECK="1", KERNEL=os.path.abspath(kernel))
        r = subprocess.run(["sh", script] + images, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            problems[name] = "host check %s failed:\n%s%s" % (
                script, r.stdout[-1500:], r.stderr[-500:])
    return problems


def fat_volumes(image):
    """(offset, length) in bytes of each FAT volume on a disk image: the
    whole image if it is a bare volume, else its MBR's FAT partitions."""
    with open(image, "rb") as f:
        sec = f.read(512)
    if len(sec) < 512 or sec[510:512] != b"\x55\xaa" or sec[82:90] == b"FAT32   ":
        return [(0, os.path.getsize(image))]
    vols = []
    for i in range(4):
        e = sec[446 + 16 * i:462 + 16 * i]
        start, count = struct.unpack("<II", e[8:16])
        if e[4] in (0x0B, 0x0C) and count:
            vols.append((start * 512, count * 512))
    return vols


def fsck_volume(image, offset, length):
    """fsck.fat -n's complaint about one volume, or None."""
    path = image
    if offset or length != os.path.getsize(image):
        path = image + ".part"
        with open(image, "rb") as src, open(path, "wb") as dst:
            src.seek(offset)
            dst.write(src.read(length))
    r = subprocess.run(["fsck.fat", "-n", path], capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines()
             if l.strip() and not l.startswith("fsck.fat ") and path not in l]
    if r.returncode != 0 or lines:
        return "fsck.fat -n found problems on %s at byte %d:\n%s" % (
            image, offset, (r.stdout + r.stderr)[-1500:])
    return None


def fsck_problem(images):
    """fsck.fat -n's complaint about any volume after a run, or None.
    images: a list of disk images, or one."""
    for image in [images] if isinstance(images, str) else images:
        for offset, length in fat_volumes(image):
            problem = fsck_volume(image, offset, length)
            if problem:
                return problem
    return None


def judge(name, expected, got):
    lines, how, code = got
    problems = []
    if (how, code) != ("status", 0):
        problems.append("ended with %s %d, expected status 0" % (how, code))
    if lines != expected:
        diff = difflib.unified_diff(expected, lines, "expected", "actual",
                                    lineterm="")
        problems.append("output differs:\n" + "\n".join(diff))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel")
    ap.add_argument("--image", default="build/fs.img")
    ap.add_argument("--tests", default="user/tests")
    ap.add_argument("--workdir", default="build/grader")
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--machine", default="virt", choices=["virt", "sifive_u"],
                    help="QEMU machine: virt (virtio disks) or sifive_u (the image"
                    " as an SD card on the SPI bus; no --disk)")
    ap.add_argument("--cpus", type=int, default=1,
                    help="harts the kernel runs on (sifive_u: U54s, 1 to 4)")
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--poweroff-force", action="store_true",
                    help="end each boot with poweroff -f: processes left running "
                         "(fatorphan's child) still hold their files")
    ap.add_argument("--disk", action="append", default=[],
                    help="an image to attach as the next virtio disk (vdb, vdc, ...);"
                    " each boot gets a fresh copy")
    ap.add_argument("--timeout", type=float, default=30, help="seconds per test")
    ap.add_argument("--boot-timeout", type=float, default=30)
    ap.add_argument("--variant", default="",
                    help="expect NAME.VARIANT.out where a test has one")
    ap.add_argument("--label", default="system",
                    help="the name the closing line starts with")
    ap.add_argument("names", nargs="*", help="tests to run (default: all)")
    args = ap.parse_args()
    if args.machine == "sifive_u" and args.disk:
        ap.error("sifive_u has one disk, the SD card: no --disk")

    names = args.names or sorted(
        f[:-4] for f in os.listdir(args.tests)
        if f.endswith(".out") and "." not in f[:-4])
    os.makedirs(args.workdir, exist_ok=True)
    image = os.path.join(args.workdir, "run.img")
    passed = failed = 0
    fsck_ok = True
    with open(os.path.join(args.workdir, "console.log"), "wb") as log:
        todo = list(names)
        while todo:
            results, stuck, partial = run_boot(args, todo, image, log)
            if not results and stuck is None:
                for name in todo:
                    failed += 1
                    print("FAIL %s: the system did not boot to the tests" % name)
                print("last console output:\n" + "\n".join(partial[-15:]))
                break
            images = [image] + extra_disks(args)
            after_boot = host_checks(args.tests, results, images, args.kernel)
            bad_image = fsck_problem(images)
            fsck_ok = fsck_ok and not bad_image
            if bad_image:
                print("FAIL image after the run: " + bad_image)
            for name in todo:
                if name in results:
                    problems = judge(name, expected_for(args.tests, name, args.variant),
                                     results[name])
                    if name in after_boot:
                        problems.append(after_boot[name])
                elif name == stuck:
                    problems = ["did not finish within %gs (hang or crash); "
                                "last output:\n%s" % (args.timeout, "\n".join(partial))]
                else:
                    break
                if problems:
                    failed += 1
                    print("FAIL %s: %s" % (name, "\n  ".join(problems)))
                else:
                    passed += 1
                    print("PASS %s" % name)
                sys.stdout.flush()
            done = [n for n in todo if n in results or n == stuck]
            todo = [n for n in todo if n not in done]
    # the images every boot left behind must be ones fsck.fat finds clean
    if fsck_ok:
        passed += 1
        print("PASS the images are clean after every boot (fsck.fat -n)")
    else:
        failed += 1
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
