#!/usr/bin/env python3
"""What Linux itself prints: boots Linux 6.1 (tools/linux/build.sh) in
QEMU virt on 2 harts, where lbinit (user/lbench/lbinit.c) mounts our FAT
image as the root, mounts /proc, and runs the given programs from it one
after another, each ROUNDS times; prints each run's output after a
"== PATH" line.

    tools/linuxref.py [--build build] [--linux IMAGE] [--rounds N] PATH...

e.g. /linux/spawn_fail. For the programs qemu-riscv64 cannot stand in
for Linux with (it runs vfork as a fork), user/glibc/NAME.linux.out is
this output, and tools/linuxcmp.py compares with it instead.
"""
import argparse
import os
import shutil
import subprocess
import sys

import bench  # run_qemu
import benchlinux  # make_initramfs (lbinit)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--linux", default="build/linux/Image")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--firmware",
                    default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    args.progs = os.path.join(args.build, "lbench")
    args.workdir = os.path.join(args.build, "linuxref")
    os.makedirs(args.workdir, exist_ok=True)

    image = os.path.join(args.workdir, "fs.img")
    shutil.copyfile(os.path.join(args.build, "fs.img"), image)
    lst = os.path.join(args.workdir, "list")
    with open(lst, "w") as f:
        f.write("/bin/mount -t proc proc /proc\n")
        for _ in range(args.rounds):
            for p in args.paths:
                f.write("/bin/echo == %s\n%s\n" % (p, p))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mmd", "-D", "s", "-i", image, "::/lbench"], env=env,
                   stderr=subprocess.DEVNULL)
    subprocess.run(["mcopy", "-o", "-i", image, lst, "::/lbench/list"], env=env, check=True)
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-bios", args.firmware, "-m", "256M",
           "-smp", "2", "-nographic", "-no-reboot", "-kernel", args.linux,
           "-drive", "file=%s,if=none,format=raw,id=disk0" % image,
           "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0",
           "-initrd", benchlinux.make_initramfs(args), "-append", "console=ttyS0 quiet"]
    out, why = bench.run_qemu(cmd, args.timeout)
    text = out.decode("utf-8", "replace").replace("\r", "")
    start = text.find("== ")
    end = text.find("lbinit: done")
    sys.stdout.write(text[start:end] if start >= 0 and end >= 0 else text)
    if why:
        print("linuxref: QEMU killed (%s)" % why)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
