#!/usr/bin/python3
"""Host check of the vDSO (os/vdso/) with binutils' readelf: the shape
glibc and musl need to find it from AT_SYSINFO_EHDR alone.

    vdso_check.py VDSO.so [--must-fail BAD.so]

VDSO.so must be an ELF64 RISC-V shared object with one read-execute
PT_LOAD starting at the ELF header (offset and address 0) and a
PT_DYNAMIC, no writable segment, no relocations, soft-float code (it
runs in any program), DT_HASH (musl reads only that) and DT_GNU_HASH,
soname linux-vdso.so.1, and the five calls defined as functions under
version LINUX_4.15; at most VDSO_TEXT_MAX (5) pages. BAD.so, a build
that keeps a relocation, must fail the same checks: the check can fail.
"""
import re
import subprocess
import sys

NAMES = ["__vdso_rt_sigreturn", "__vdso_clock_gettime", "__vdso_gettimeofday",
         "__vdso_clock_getres", "__vdso_getcpu"]
MAX_BYTES = 5 * 4096


def readelf(path, *opts):
    return subprocess.run(["readelf", "-W", *opts, path], check=True,
                          capture_output=True, text=True).stdout


def problems(path):
    """Each way path is not a vDSO glibc and musl can use."""
    bad = []
    hdr = readelf(path, "-h")
    for want in ("ELF64", "DYN (Shared object file)", "RISC-V", "soft-float ABI"):
        if want not in hdr:
            bad.append(f"header lacks {want!r}")
    phdrs = re.findall(r"^\s+(\w+)\s+(0x\w+)\s+(0x\w+)\s+0x\w+\s+(0x\w+)\s+(0x\w+)\s+([RWE ]+?)\s+0x",
                       readelf(path, "-l"), re.M)
    loads = [p for p in phdrs if p[0] == "LOAD"]
    if len(loads) != 1:
        bad.append(f"{len(loads)} PT_LOADs, not 1")
    elif int(loads[0][1], 16) or int(loads[0][2], 16) or loads[0][5] != "R E":
        bad.append(f"PT_LOAD {loads[0]} is not read-execute at offset and address 0")
    elif int(loads[0][4], 16) > MAX_BYTES:
        bad.append(f"{int(loads[0][4], 16)} bytes, more than {MAX_BYTES}")
    if not any(p[0] == "DYNAMIC" for p in phdrs):
        bad.append("no PT_DYNAMIC")
    if any("W" in p[5] for p in phdrs):
        bad.append("a writable segment")
    if "There are no relocations in this file." not in readelf(path, "-r"):
        bad.append("relocations left")
    dyn = readelf(path, "-d")
    for tag in ("(HASH)", "(GNU_HASH)", "(VERDEF)", "(VERSYM)",
                "Library soname: [linux-vdso.so.1]"):
        if tag not in dyn:
            bad.append(f"dynamic section lacks {tag}")
    if "(TEXTREL)" in dyn:
        bad.append("DT_TEXTREL")
    syms = readelf(path, "--dyn-syms")
    for name in NAMES:
        if not re.search(rf"\sFUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+{name}@@LINUX_4\.15$", syms, re.M):
            bad.append(f"{name}@@LINUX_4.15 not a defined function")
    return bad


def main():
    passed = failed = 0
    bad = problems(sys.argv[1])
    for b in bad:
        print(f"FAIL {sys.argv[1]}: {b}")
    if bad:
        failed += 1
    else:
        print(f"ok {sys.argv[1]}: one R-X PT_LOAD at 0, no relocations, the five calls @@LINUX_4.15")
        passed += 1
    if len(sys.argv) == 4 and sys.argv[2] == "--must-fail":
        if "relocations left" in problems(sys.argv[3]):
            print(f"ok the check refuses {sys.argv[3]}: relocations left")
            passed += 1
        else:
            print(f"FAIL the check passes {sys.argv[3]}, a vDSO with a relocation")
            failed += 1
    print(f"vdso: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
