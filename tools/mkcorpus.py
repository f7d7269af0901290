#!/usr/bin/env python3
"""mkcorpus.py SEED_ELF OUTDIR: a corpus of hostile executables for exec.

From one real static RISC-V ELF64 program built by the project (the
seed, build/user/tests/hello), writes a thousand-odd files under OUTDIR:
truncations, every header and program-header field set to extremes,
flipped identification bytes, overlapping and unsorted PT_LOADs, huge
segments, wrong machines and classes, garbage and "#!" scripts; and
OUTDIR/MANIFEST, one line per file, "DD/NAME ERRNO_NAME" (DD: one of
NDIRS subdirectories), where ERRNO_NAME is what execve must fail with,
or OK if the file runs (it then prints the seed's output and exits 0).
user/tests/corpus.c execs each one from /corpus.

The expected errno comes from a model of the kernel below: the checks of
os/exec/elf_check.c (initElf) in the same order, one function per check, then
load_elf's own checks and exec_script's "#!" handling (os/exec/exec.c). When
the kernel changes, change the model here. A file the model accepts is
kept only if it runs like the seed (same loads, same entry, same code);
a file whose fate depends on the machine (free memory, the wx= boot
option) or on work in progress (ET_DYN) is left out.

Deterministic: the same seed gives the same corpus. Standard library only.
The summary printed at the end is the start of user/tests/corpus.out.
"""
import binascii
import os
import random
import shutil
import struct
import sys
from collections import Counter

# ---- the kernel's constants (os/exec/elf.h, os/arch/memlayout.h, os/kern/param.h) ----

PGSIZE = 4096
MAXVA = 1 << 38
TRAMPOLINE = MAXVA - PGSIZE
TRAPFRAME = TRAMPOLINE - PGSIZE
USTACK_TOP = TRAPFRAME - 16 * PGSIZE
USTACK_MAX = 8 << 20
USER_MIN = 0x1000                               # lim.min in os/exec/exec.c
USER_MAX = USTACK_TOP - USTACK_MAX - PGSIZE     # USER_CEIL in os/arch/memlayout.h
ELF_MAX_PHNUM = 32
ELF_MAX_LOAD = 16
ELF_INTERP_MAX = 256
BINPRM_BUF_SIZE = 256                           # os/exec/exec.c, Linux's
SCRIPT_DEPTH_MAX = 5                            # #! scripts in a chain
SCRIPT_LINE_MAX = 128                           # the old limit: lines either side of it

# load_elf refuses with ENOMEM when needpage + 2 > free pages. Up to
# SURE_FIT pages a program always fits (the test machine has 128 MiB);
# above ALL_RAM it never does; in between the answer depends on the
# machine, so such files are left out.
EXEC_EXTRA_PAGES = 2
SURE_FIT = 1024
ALL_RAM = (1 << 30) // PGSIZE   # more than QEMU is ever given here

EI_CLASS, EI_DATA, EI_VERSION, EI_OSABI = 4, 5, 6, 7
ELFCLASS32, ELFCLASS64 = 1, 2
ELFDATA2LSB = 1
EV_CURRENT = 1
ELFOSABI_SYSV, ELFOSABI_LINUX = 0, 3
ET_EXEC, ET_DYN = 2, 3
EM_386, EM_ARM, EM_X86_64, EM_AARCH64, EM_RISCV = 3, 40, 62, 183, 243
PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_PHDR, PT_TLS = 0, 1, 2, 3, 6, 7
PT_GNU_STACK = 0x6474E551
PT_RISCV_ATTRIBUTES = 0x70000003
PF_X, PF_W, PF_R = 1, 2, 4

M64 = (1 << 64) - 1
# Files go into NDIRS subdirectories: the kernel looks names up by a
# linear scan through a small sector cache, and one directory of a
# thousand long names makes every exec read it from the disk again.
NDIRS = 32
# A file that runs costs a fork and a whole program; one that fails, a
# few system calls. Of the files made alike (same name up to the last
# "-") that run, only the first few are kept.
OK_PER_FAMILY = 3
SEED = 0x5EC0DE   # the corpus's random choices; change it and corpus.out changes

# ---- the ELF64 layout: (name, offset, struct format) ----

EHDR_FMT = "<16sHHIQQQIHHHHHH"
EHDR_SIZE = struct.calcsize(EHDR_FMT)   # 64
EHDR_FIELDS = [
    ("type", 16, "H"), ("machine", 18, "H"), ("version", 20, "I"),
    ("entry", 24, "Q"), ("phoff", 32, "Q"), ("shoff", 40, "Q"),
    ("flags", 48, "I"), ("ehsize", 52, "H"), ("phentsize", 54, "H"),
    ("phnum", 56, "H"), ("shentsize", 58, "H"), ("shnum", 60, "H"),
    ("shstrndx", 62, "H"),
]
PHDR_FMT = "<IIQQQQQQ"
PHDR_SIZE = struct.calcsize(PHDR_FMT)   # 56
PHDR_FIELDS = [
    ("type", 0, "I"), ("flags", 4, "I"), ("offset", 8, "Q"),
    ("vaddr", 16, "Q"), ("paddr", 24, "Q"), ("filesz", 32, "Q"),
    ("memsz", 40, "Q"), ("align", 48, "Q"),
]
FIELD_MAX = {"H": 0xFFFF, "I": 0xFFFFFFFF, "Q": M64}


class Ehdr:
    def __init__(self, data):
        (self.ident, self.type, self.machine, self.version, self.entry,
         self.phoff, self.shoff, self.flags, self.ehsize, self.phentsize,
         self.phnum, self.shentsize, self.shnum,
         self.shstrndx) = struct.unpack_from(EHDR_FMT, data, 0)


class Phdr:
    def __init__(self, data, off):
        (self.type, self.flags, self.offset, self.vaddr, self.paddr,
         self.filesz, self.memsz, self.align) = struct.unpack_from(PHDR_FMT, data, off)


class Load:
    """struct elf_load: one checked PT_LOAD."""

    def __init__(self, ph):
        self.vaddr, self.memsz = ph.vaddr, ph.memsz
        self.offset, self.filesz = ph.offset, ph.filesz
        self.flags = ph.flags & (PF_R | PF_W | PF_X)
        self.wx = ph.flags & PF_W and ph.flags & PF_X   # seg->has_wx


class Refused(Exception):
    def __init__(self, errno, reason):
        super().__init__(reason)
        self.errno, self.reason = errno, reason


def refuse(errno, reason):
    raise Refused(errno, reason)


# ---- the model of initElf (os/exec/elf_check.c), check by check ----

def check_ident(eh):
    i = eh.ident
    if i[:4] != b"\x7fELF":
        refuse("ENOEXEC", "not an ELF file (bad magic)")
    if i[EI_CLASS] == ELFCLASS32 and eh.machine != EM_RISCV:
        refuse("ENOEXEC", "32-bit ELF of another machine")
    if i[EI_CLASS] == ELFCLASS32:
        # runs as RV32 now; elf32_cases covers ELF32 with named answers
        raise Unsettled("ELFCLASS32 RISC-V: left to the ELF32 cases")
    if i[EI_CLASS] != ELFCLASS64:
        refuse("ENOEXEC", "bad ELF class")
    if i[EI_DATA] != ELFDATA2LSB:
        refuse("ENOEXEC", "not little-endian")
    if i[EI_VERSION] != EV_CURRENT:
        refuse("ENOEXEC", "bad ELF ident version")
    if i[EI_OSABI] not in (ELFOSABI_SYSV, ELFOSABI_LINUX):
        refuse("ENOEXEC", "unsupported OS ABI")


def check_machine(eh):
    if eh.machine != EM_RISCV:
        refuse("ENOEXEC", "not a RISC-V program (e_machine)")


def check_type(eh):
    # ET_DYN is about to become loadable: the corpus holds none (see
    # skip_unsettled), so this only has to refuse the rest.
    if eh.type != ET_EXEC:
        refuse("ENOEXEC", "not an executable (e_type)")


def check_header(eh, size):
    if eh.version != EV_CURRENT:
        refuse("ENOEXEC", "bad e_version")
    check_machine(eh)
    check_type(eh)
    if eh.ehsize != EHDR_SIZE:
        refuse("ENOEXEC", "bad e_ehsize")
    if eh.phentsize != PHDR_SIZE:
        refuse("ENOEXEC", "bad e_phentsize")
    if eh.phnum == 0:
        refuse("ENOEXEC", "no program headers")
    if eh.phnum > ELF_MAX_PHNUM:
        refuse("ENOEXEC", "too many program headers")
    table = eh.phnum * PHDR_SIZE
    if eh.phoff > size or table > size - eh.phoff:
        refuse("ENOEXEC", "program header table outside the file")


def check_load(loads, ph, size):
    """Appends ph to loads if it maps anything; refuses a bad one."""
    if ph.filesz > ph.memsz:
        refuse("ENOEXEC", "p_filesz larger than p_memsz")
    if ph.offset > size or ph.filesz > size - ph.offset:
        refuse("ENOEXEC", "segment data outside the file")
    if ph.memsz == 0:
        return
    end = (ph.vaddr + ph.memsz) & M64
    if end < ph.vaddr:
        refuse("ENOEXEC", "segment address overflows")
    if ph.vaddr < USER_MIN or end > USER_MAX:
        refuse("ENOMEM", "segment outside the user address range")
    if ph.align & ((ph.align - 1) & M64):
        refuse("ENOEXEC", "p_align not a power of two")
    if ((ph.offset - ph.vaddr) & M64) % PGSIZE:
        refuse("ENOEXEC", "p_offset and p_vaddr not congruent")
    if loads:
        prev = loads[-1]
        if ph.vaddr < prev.vaddr:
            refuse("ENOEXEC", "PT_LOAD segments not in ascending order")
        if ph.vaddr < prev.vaddr + prev.memsz:
            refuse("ENOEXEC", "PT_LOAD segments overlap")
    if len(loads) == ELF_MAX_LOAD:
        refuse("ENOEXEC", "too many PT_LOAD segments")
    loads.append(Load(ph))


def check_interp(interp, ph, data):
    """PT_INTERP: one at most; an absolute path, NUL-terminated at the end
    of the segment and nowhere before. Returns the path."""
    if interp is not None:
        refuse("ENOEXEC", "more than one PT_INTERP")
    if ph.filesz < 2 or ph.filesz > ELF_INTERP_MAX:
        refuse("ENOEXEC", "PT_INTERP path empty or too long")
    if ph.offset > len(data) or ph.filesz > len(data) - ph.offset:
        refuse("ENOEXEC", "PT_INTERP outside the file")
    path = data[ph.offset:ph.offset + ph.filesz]
    if 0 in path[:-1]:
        refuse("ENOEXEC", "PT_INTERP path has a NUL inside")
    if path[-1] != 0 or path[0] != ord("/"):
        refuse("ENOEXEC", "PT_INTERP path not absolute or not NUL-terminated")
    return path[:-1].decode("latin-1")


def check_phdrs(eh, data):
    """The PT_LOADs, and the PT_INTERP path (None without one)."""
    loads, interp = [], None
    for i in range(eh.phnum):
        ph = Phdr(data, eh.phoff + i * PHDR_SIZE)
        if ph.type == PT_INTERP:
            interp = check_interp(interp, ph, data)
        if ph.type == PT_LOAD:
            check_load(loads, ph, len(data))
    if not loads:
        refuse("ENOEXEC", "no loadable segments")
    return loads, interp


def check_entry(eh, loads):
    if not any(l.flags & PF_X and l.vaddr <= eh.entry < l.vaddr + l.memsz
               for l in loads):
        refuse("ENOEXEC", "entry point not in an executable segment")


def count_pages(loads):
    n = last_end = 0
    for l in loads:
        lo = l.vaddr & ~(PGSIZE - 1)
        hi = (l.vaddr + l.memsz + PGSIZE - 1) & ~(PGSIZE - 1)
        lo = max(lo, last_end)
        if hi > lo:
            n += (hi - lo) // PGSIZE
        last_end = max(last_end, hi)
    return n


def init_elf(data):
    """initElf: (header, loads, needpage, interp), or raises Refused."""
    if len(data) < EHDR_SIZE:
        refuse("ENOEXEC", "file too short for an ELF header")
    eh = Ehdr(data)
    check_ident(eh)
    check_header(eh, len(data))
    loads, interp = check_phdrs(eh, data)
    check_entry(eh, loads)
    return eh, loads, count_pages(loads), interp


class Unsettled(Exception):
    """The kernel's answer depends on something the model cannot know."""


def check_wx(loads_wx):
    """load_elf: a segment both writable and executable is refused
    (EACCES) only when the kernel is booted with wx=strict."""
    if loads_wx:
        raise Unsettled("depends on the wx= boot option")


def check_free_pages(needpage):
    """load_elf: ENOMEM when the image exceeds free memory."""
    if needpage + EXEC_EXTRA_PAGES > ALL_RAM:
        refuse("ENOMEM", "not enough free pages")
    if needpage + EXEC_EXTRA_PAGES > SURE_FIT:
        raise Unsettled("fits only if enough pages are free")


def open_interp(path, files):
    """open_interp: the interpreter a PT_INTERP names must exist, be an
    ELF file loadable at INTERP_BASE, position-independent, and not ask
    for an interpreter itself; its faults are ELIBBAD. Its page count."""
    if path not in files:
        refuse("ENOENT", "no such interpreter")
    target = files[path]
    if target is None:
        refuse("EACCES", "interpreter is a directory")
    try:
        eh, loads, needpage, interp = init_elf(target)
    except Refused as r:
        refuse(r.errno if r.errno == "ENOMEM" else "ELIBBAD", "interpreter: " + r.reason)
    if eh.type != ET_DYN:
        refuse("ELIBBAD", "interpreter not position-independent")
    if interp is not None:
        refuse("ELIBBAD", "interpreter asks for an interpreter")
    raise Unsettled("an ET_DYN interpreter: where it loads is not modelled")


def exec_elf(data, files):
    """load_elf: initElf, then its own checks, in its order."""
    eh, loads, needpage, interp = init_elf(data)
    check_wx(any(l.wx for l in loads))
    if interp is not None:
        needpage += open_interp(interp, files)
    check_free_pages(needpage)
    return eh, loads


# ---- the model of "#!" (Linux's binfmt_script: up to five scripts in a chain) ----

SPACETAB = b" \t"


def script_interpreter(data):
    """exec_script's parse of the first BINPRM_BUF_SIZE bytes: the
    interpreter's path ("" for "#!" and a NUL, which Linux walks to the
    current directory), or ENOEXEC's None-like "?" if the line names none
    or might cut its name; None if data is not a script."""
    if not data.startswith(b"#!"):
        return None
    buf = data[:BINPRM_BUF_SIZE].ljust(BINPRM_BUF_SIZE, b"\0")
    stop = buf.find(b"\0")
    nl = buf.find(b"\n", 0, stop if stop >= 0 else BINPRM_BUF_SIZE)
    end = BINPRM_BUF_SIZE - 1
    if nl < 0:
        first = next((i for i in range(2, end) if buf[i] not in SPACETAB), None)
        if first is None or not any(buf[i] in SPACETAB or buf[i] == 0 for i in range(first, end)):
            return "?"
    else:
        end = nl
    while end > 2 and buf[end - 1] in SPACETAB:
        end -= 1
    name = next((i for i in range(2, end) if buf[i] not in SPACETAB), None)
    if name is None:
        return "?"
    stop = name
    while stop < end and buf[stop] not in SPACETAB and buf[stop] != 0:
        stop += 1
    return buf[name:stop].decode("latin-1")


def exec_file(data, files, depth=0):
    """What execve of a file holding data does: "OK" or an errno name.
    files maps absolute paths to their bytes (None for a directory)."""
    try:
        interp = script_interpreter(data)
        if interp is None:
            exec_elf(data, files)
            return "OK"
        if depth >= SCRIPT_DEPTH_MAX:
            refuse("ELOOP", "more than five #! scripts in a chain")
        if interp == "?":
            refuse("ENOEXEC", "#! without an interpreter")
        if interp == "":
            refuse("EACCES", "#! names the current directory")
        if interp not in files:
            refuse("ENOENT", "no such interpreter")
        target = files[interp]
        if target is None:
            refuse("EACCES", "interpreter is a directory")
        return exec_file(target, files, depth + 1)
    except Refused as r:
        return r.errno


# ---- the seed, and whether a mutant still runs like it ----

def strip_seed(seed):
    """The seed without section headers and whatever follows the last
    byte a program header covers: the same program, a tenth the size."""
    eh = Ehdr(seed)
    end = eh.phoff + eh.phnum * PHDR_SIZE
    for i in range(eh.phnum):
        ph = Phdr(seed, eh.phoff + i * PHDR_SIZE)
        end = max(end, ph.offset + ph.filesz)
    base = bytearray(seed[:end])
    for name in ("shoff", "shnum", "shstrndx"):
        set_ehdr(base, name, 0)
    return bytes(base)


def runs_like(data, base, base_loads, base_entry, header_end):
    """Does an accepted file run exactly as base does? Its program
    headers are mapped, each of base's loads is there with at least its permissions and bytes (a larger bss
    is fine), the entry is the same, any other load is pure zero memory,
    and only the headers differ in the bytes that get mapped."""
    eh, loads = exec_elf(data, {})  # accepted: it names no interpreter
    if eh.entry != base_entry:
        return False
    # The seed's C library (musl) reads its program headers at AT_PHDR
    # before main, as Linux's C libraries do: a table outside every
    # load's file bytes is not mapped, and the program faults.
    table = (eh.phoff, eh.phoff + eh.phnum * PHDR_SIZE)
    if not any(l.offset <= table[0] and table[1] <= l.offset + l.filesz for l in loads):
        return False
    keyed = {(l.vaddr, l.offset, l.filesz): l for l in loads}
    for b in base_loads:
        l = keyed.pop((b.vaddr, b.offset, b.filesz), None)
        if l is None or l.memsz < b.memsz or l.flags & b.flags != b.flags:
            return False
        lo = max(b.offset, header_end)
        if data[lo:b.offset + b.filesz] != base[lo:b.offset + b.filesz]:
            return False
    return all(l.filesz == 0 for l in keyed.values())


# ---- writing fields ----

def set_field(data, off, fmt, value):
    struct.pack_into("<" + fmt, data, off, value & FIELD_MAX[fmt])


def set_ehdr(data, name, value):
    for n, off, fmt in EHDR_FIELDS:
        if n == name:
            return set_field(data, off, fmt, value)
    raise KeyError(name)


def set_phdr(data, phoff, i, name, value):
    for n, off, fmt in PHDR_FIELDS:
        if n == name:
            return set_field(data, phoff + i * PHDR_SIZE + off, fmt, value)
    raise KeyError(name)


def corpus_path(name):
    """Where a case lives under /corpus: a function of its name alone,
    so that scripts can name their interpreters before the corpus is
    complete."""
    return "%02d/%s" % (binascii.crc32(name.encode()) % NDIRS, name)


def pad_line(start, length):
    """A first line of exactly length bytes (the newline not counted)."""
    return start + b"x" * (length - len(start)) + b"\nmore\n"


def vname(v):
    """A value as a short file-name part."""
    if v < 1000:
        return str(v)
    return "%x" % v


# ---- the cases ----

class Corpus:
    def __init__(self, base, rng):
        self.base = base
        self.rng = rng
        self.eh = Ehdr(base)
        self.phs = [Phdr(base, self.eh.phoff + i * PHDR_SIZE) for i in range(self.eh.phnum)]
        self.loads = [i for i, ph in enumerate(self.phs) if ph.type == PT_LOAD]
        self.header_end = self.eh.phoff + self.eh.phnum * PHDR_SIZE
        self.cases = []   # (name, bytes) in the order made
        self.names = {}

    def rand(self, bits):
        return self.rng.getrandbits(bits)

    def add(self, name, data):
        assert len(name) < 40 and " " not in name, name
        data = bytes(data)
        if name in self.names:   # a value listed twice
            assert self.names[name] == data, name
            return
        self.names[name] = data
        self.cases.append((name, data))

    def mutant(self):
        return bytearray(self.base)

    # -- truncations --
    def truncations(self):
        n = len(self.base)
        cuts = set(range(self.header_end + 1))       # every byte of the headers
        for ph in self.phs:                          # in and around each segment
            lo, hi = ph.offset, ph.offset + ph.filesz
            cuts.update({lo - 1, lo, lo + 1, hi - 1, hi, hi + 1})
            cuts.update(lo + (hi - lo) * k // 24 for k in range(1, 24))
        for cut in sorted(c for c in cuts if 0 < c < n):   # 0: "empty"
            self.add("trunc-%05d" % cut, self.base[:cut])

    # -- the ELF header --
    def ident_bytes(self):
        for i in range(16):
            for how, v in (("not", self.base[i] ^ 0xFF), ("0", 0), ("1", 1),
                           ("ff", 0xFF), ("r", self.rand(8))):
                d = self.mutant()
                d[i] = v
                self.add("id%02d-%s" % (i, how if how != "r" else "r%02x" % v), d)

    def ehdr_values(self, name, fmt):
        mx = FIELD_MAX[fmt]
        vals = [0, 1, mx, mx - 1, self.rand(8 * struct.calcsize(fmt)),
                self.rand(8 * struct.calcsize(fmt))]
        size = len(self.base)
        text = self.phs[self.loads[0]]
        data = self.phs[self.loads[-1]]
        table = self.eh.phnum * PHDR_SIZE
        vals += {
            "type": [4, 0xFE00, 0xFF00],
            "machine": [EM_386, EM_ARM, EM_X86_64, EM_AARCH64, 0xF300, 8, 0xF2, 0xF4],
            "version": [2],
            "entry": [text.vaddr, text.vaddr + text.memsz - 2, text.vaddr + text.memsz,
                      data.vaddr, data.vaddr + data.memsz, USER_MIN, USER_MAX,
                      USTACK_TOP - 8, TRAMPOLINE, 1 << 63],
            "phoff": [size, size - table, size - table + 1, size + 1, 1 << 63,
                      data.offset, text.offset + text.filesz, self.eh.phoff + PHDR_SIZE],
            "ehsize": [52, 63, 65, 128],
            "phentsize": [32, 55, 57, 64],
            "phnum": list(range(2, self.eh.phnum + 3)) + [ELF_MAX_PHNUM, ELF_MAX_PHNUM + 1, 100],
        }.get(name, [])
        return vals

    def ehdr_fields(self):
        for name, off, fmt in EHDR_FIELDS:
            for v in self.ehdr_values(name, fmt):
                if name == "type" and v == ET_DYN:
                    continue   # PIE: soon loadable, left out until then
                d = self.mutant()
                set_ehdr(d, name, v)
                self.add("eh-%s-%s" % (name, vname(v & FIELD_MAX[fmt])), d)

    # -- each program header --
    def phdr_values(self, i, name, fmt):
        ph = self.phs[i]
        mx = FIELD_MAX[fmt]
        size = len(self.base)
        bits = 8 * struct.calcsize(fmt)
        vals = [0, 1, mx, self.rand(bits), self.rand(bits)]
        page_in = ph.offset % PGSIZE
        vals += {
            "type": [PT_DYNAMIC, PT_INTERP, PT_PHDR, PT_TLS, PT_GNU_STACK,
                     PT_RISCV_ATTRIBUTES, 0x60000000],
            "flags": [2, 3, 4, 5, 6, 7, 0xFFFFFFF8],
            "offset": [size, size + 1, size + PGSIZE, ph.offset + 1,
                       ph.offset + PGSIZE, ph.offset - PGSIZE, 1 << 63],
            "vaddr": [USER_MIN - PGSIZE + page_in, USER_MIN + page_in,
                      (USER_MAX - ph.memsz) // PGSIZE * PGSIZE + page_in,
                      (USER_MAX - ph.memsz) // PGSIZE * PGSIZE + page_in + PGSIZE,
                      ph.vaddr + 1, ph.vaddr + PGSIZE, ph.vaddr - PGSIZE,
                      MAXVA + page_in, (1 << 63) + page_in, (M64 & ~(PGSIZE - 1)) + page_in],
            "paddr": [],
            "filesz": [ph.filesz - 1, ph.filesz + 1, ph.memsz, ph.memsz + 1,
                       size - ph.offset, size - ph.offset + 1],
            "memsz": [ph.memsz + 1, ph.memsz + 0x20000, ph.filesz - 1,
                      USER_MAX - ph.vaddr, USER_MAX - ph.vaddr + 1,
                      (1 << 64) - ph.vaddr, (1 << 64) - ph.vaddr + 1, 1 << 40, 1 << 63],
            "align": [2, 3, 0x1000, 0x2000, 0x200000, 0xFFF, 1 << 63, (1 << 63) + 1],
        }[name]
        return vals

    def phdr_fields(self):
        for i in range(self.eh.phnum):
            for name, off, fmt in PHDR_FIELDS:
                for v in self.phdr_values(i, name, fmt):
                    d = self.mutant()
                    set_phdr(d, self.eh.phoff, i, name, v)
                    self.add("ph%d-%s-%s" % (i, name, vname(v & FIELD_MAX[fmt])), d)

    # -- several segments at once --
    def with_phdrs(self, phdrs):
        """The base with its program header table replaced by phdrs,
        appended at the end of the file."""
        d = self.mutant()
        off = (len(d) + 7) & ~7
        d += bytes(off - len(d))
        for ph in phdrs:
            d += struct.pack(PHDR_FMT, *ph)
        set_ehdr(d, "phoff", off)
        set_ehdr(d, "phnum", len(phdrs))
        return d

    def with_interp(self, orig, path, extra=b"\0", count=1):
        """The base with a PT_INTERP naming path (its bytes appended to the
        file, then extra) in front of its program headers."""
        d = self.mutant()
        off = len(d)
        d += path + extra
        ph = [PT_INTERP, PF_R, off, 0, 0, len(path) + len(extra), len(path) + len(extra), 1]
        self.base, saved = bytes(d), self.base
        try:
            return self.with_phdrs([ph] * count + orig)
        finally:
            self.base = saved

    def interps(self, orig):
        """Programs asking for an interpreter: bad PT_INTERP paths, and
        interpreters that are missing, a directory, not ELF, not ET_DYN."""
        for name, path, extra, count in (
                ("interp-missing", b"/no/such/ld.so", b"\0", 1),
                ("interp-dir", b"/tests", b"\0", 1),
                ("interp-exec", b"/tests/hello", b"\0", 1),
                ("interp-script", b"/corpus/" + corpus_path("sh-hello").encode(), b"\0", 1),
                ("interp-trunc", b"/corpus/" + corpus_path("trunc-00100").encode(), b"\0", 1),
                ("interp-relative", b"tests/hello", b"\0", 1),
                ("interp-unterminated", b"/tests/hello", b"", 1),
                ("interp-nul-inside", b"/tests\0/hello", b"\0", 1),
                ("interp-twice", b"/tests/hello", b"\0", 2),
                ("interp-long", b"/" + b"x" * (ELF_INTERP_MAX - 1), b"\0", 1),
                ("interp-max", b"/" + b"x" * (ELF_INTERP_MAX - 2), b"\0", 1)):
            self.add(name, self.with_interp(orig, path, extra, count))

    def ph_tuple(self, i):
        ph = self.phs[i]
        return [ph.type, ph.flags, ph.offset, ph.vaddr, ph.paddr, ph.filesz, ph.memsz, ph.align]

    def layouts(self):
        orig = [self.ph_tuple(i) for i in range(self.eh.phnum)]
        t, dt = self.loads[0], self.loads[-1]
        text, data = orig[t], orig[dt]
        text_end = text[3] + text[6]
        self.add("base", self.base)
        self.add("phtab-moved", self.with_phdrs(orig))

        swapped = list(orig)
        swapped[t], swapped[dt] = data, text
        self.add("load-swapped", self.with_phdrs(swapped))
        self.add("load-dup-text", self.with_phdrs(orig[:dt] + [text] + orig[dt + 1:]))
        self.add("load-dup-data", self.with_phdrs(orig + [data]))
        # data moved down into the text, keeping offset and vaddr congruent
        for name, vaddr in (("load-ovl-page", text_end & ~(PGSIZE - 1)),
                            ("load-ovl-byte", text_end - 1),
                            ("load-ovl-start", text[3]),
                            ("load-ovl-inside", text[3] + PGSIZE)):
            moved = list(data)
            moved[3] = vaddr
            moved[2] = (data[2] & ~(PGSIZE - 1)) + vaddr % PGSIZE
            self.add(name, self.with_phdrs(orig[:dt] + [moved] + orig[dt + 1:]))
        # a third load: above, below, between
        hi = data[3] + data[6]
        zero = lambda vaddr, memsz: [PT_LOAD, PF_R, 0, vaddr, vaddr, 0, memsz, PGSIZE]
        self.add("load-3-above", self.with_phdrs(orig + [zero((hi + 3 * PGSIZE) & ~(PGSIZE - 1), PGSIZE)]))
        self.add("load-3-below", self.with_phdrs(orig + [zero(USER_MIN, PGSIZE)]))
        self.add("load-3-first", self.with_phdrs([zero(USER_MIN, PGSIZE)] + orig))
        self.add("load-3-inside", self.with_phdrs(orig + [zero(data[3], PGSIZE)]))
        self.add("load-3-huge", self.with_phdrs(orig + [zero(1 << 32, USER_MAX - (1 << 32))]))
        self.add("load-3-past", self.with_phdrs(orig + [zero(1 << 32, USER_MAX - (1 << 32) + 1)]))
        self.add("load-3-mem0", self.with_phdrs(orig + [zero(0, 0)]))
        # how many loads and headers fit
        extra = lambda n: [zero((1 << 24) + k * 2 * PGSIZE, PGSIZE) for k in range(n)]
        nload = len(self.loads)
        for n in (ELF_MAX_LOAD - 1, ELF_MAX_LOAD, ELF_MAX_LOAD + 1):
            self.add("load-%d" % n, self.with_phdrs(orig + extra(n - nload)))
        mem0 = [zero((1 << 24) + k * PGSIZE, 0) for k in range(ELF_MAX_PHNUM - len(orig))]
        self.add("load-mem0-%d" % ELF_MAX_PHNUM, self.with_phdrs(orig + mem0))
        for n in (ELF_MAX_PHNUM - 1, ELF_MAX_PHNUM, ELF_MAX_PHNUM + 1):
            pad = [[PT_NULL] + [0] * 7] * (n - len(orig))
            self.add("phnum-null-%d" % n, self.with_phdrs(orig + pad))
        interp = [PT_INTERP, PF_R, 0, 0, 0, 1, 1, 1]
        self.add("interp-first", self.with_phdrs([interp] + orig))
        self.add("interp-last", self.with_phdrs(orig + [interp]))
        self.interps(orig)
        self.add("no-load", self.with_phdrs([p for p in orig if p[0] != PT_LOAD]))
        self.add("text-only", self.with_phdrs([text]))
        # entry outside the code
        for name, entry in (("entry-data", data[3]), ("entry-bss", data[3] + data[6] - 1),
                            ("entry-end", text_end), ("entry-zero", 0)):
            d = self.mutant()
            set_ehdr(d, "entry", entry)
            self.add(name, d)

    # -- other programs --
    def foreign(self):
        for name, machine in (("x86-64", EM_X86_64), ("arm", EM_ARM),
                              ("aarch64", EM_AARCH64), ("i386", EM_386)):
            d = self.mutant()
            set_ehdr(d, "machine", machine)
            self.add("mach-" + name, d)
        # a minimal well-formed ELF32: header, one PT_LOAD, exit(0) in RV32
        code = struct.pack("<III", 0x05D00893, 0x00000513, 0x00000073)
        for name, machine in (("riscv", EM_RISCV), ("i386", EM_386), ("arm", EM_ARM)):
            ident = b"\x7fELF" + bytes([ELFCLASS32, ELFDATA2LSB, EV_CURRENT]) + bytes(9)
            size = 52 + 32 + len(code)
            eh = struct.pack("<16sHHIIIIIHHHHHH", ident, ET_EXEC, machine, EV_CURRENT,
                             0x10000 + 84, 52, 0, 0, 52, 32, 1, 40, 0, 0)
            ph = struct.pack("<IIIIIIII", PT_LOAD, 0, 0x10000, 0x10000, size, size,
                             PF_R | PF_X, PGSIZE)
            self.add("elf32-" + name, eh + ph + code)
            self.add("elf32-%s-hdr" % name, eh + ph)
        # the seed, every header field big-endian
        eh = Ehdr(self.base)
        ident = bytearray(eh.ident)
        ident[EI_DATA] = 2
        d = self.mutant()
        struct.pack_into(">16sHHIQQQIHHHHHH", d, 0, bytes(ident), eh.type, eh.machine,
                         eh.version, eh.entry, eh.phoff, eh.shoff, eh.flags, eh.ehsize,
                         eh.phentsize, eh.phnum, eh.shentsize, eh.shnum, eh.shstrndx)
        for i, ph in enumerate(self.phs):
            struct.pack_into(">IIQQQQQQ", d, eh.phoff + i * PHDR_SIZE, *self.ph_tuple(i))
        self.add("bigendian", d)

    # -- noise --
    def garbage(self):
        self.add("empty", b"")
        ident = self.base[:16]
        for k, n in enumerate((1, 4, 15, 16, 63, 64, 65, 120, 512, 4096, 5000, 12345)):
            self.add("junk-%02d" % k, self.rng.randbytes(n))
            self.add("junk-mag-%02d" % k, (b"\x7fELF" + self.rng.randbytes(n))[:max(n, 4)])
            self.add("junk-id-%02d" % k, (ident + self.rng.randbytes(n))[:max(n, 16)])
            self.add("junk-eh-%02d" % k, self.base[:EHDR_SIZE] + self.rng.randbytes(n))
        self.add("zeros-4k", bytes(4096))
        self.add("ones-4k", b"\xff" * 4096)
        self.add("text-file", b"this is not a program\n" * 10)
        # random phdr tables under a good header, and random byte edits
        for k in range(40):
            d = self.mutant()
            d[self.eh.phoff:self.header_end] = self.rng.randbytes(self.header_end - self.eh.phoff)
            self.add("rand-phtab-%02d" % k, d)
        for k in range(300):
            d = self.mutant()
            for _ in range(1 + self.rng.getrandbits(3)):
                d[self.rng.randrange(self.header_end)] = self.rand(8)
            self.add("fuzz-%03d" % k, d)
        for k in range(60):
            # one random phdr field of a random phdr set to a random
            # value picked from the interesting ones
            d = self.mutant()
            i = self.rng.randrange(self.eh.phnum)
            name, off, fmt = PHDR_FIELDS[self.rng.randrange(len(PHDR_FIELDS))]
            j = self.rng.randrange(self.eh.phnum)
            name2, off2, fmt2 = PHDR_FIELDS[self.rng.randrange(len(PHDR_FIELDS))]
            vals = self.phdr_values(i, name, fmt)
            vals2 = self.phdr_values(j, name2, fmt2)
            set_phdr(d, self.eh.phoff, i, name, vals[self.rng.randrange(len(vals))])
            set_phdr(d, self.eh.phoff, j, name2, vals2[self.rng.randrange(len(vals2))])
            self.add("fuzz2-%02d" % k, d)

    # -- "#!" scripts (the kernel follows five levels, as Linux) --
    def scripts(self):
        for name, text in (
                ("sh-noint", b"#!/no/such/interpreter\n"),
                ("sh-noint-nonl", b"#!/no/such/interpreter"),
                ("sh-noint-arg", b"#!/no/such/interpreter -x\necho hi\n"),
                ("sh-empty", b"#!\n"),
                ("sh-empty-nonl", b"#!"),
                ("sh-blank", b"#!   \t \necho hi\n"),
                ("sh-nested", b"#!/corpus/%s\n" % corpus_path("sh-hello").encode()),
                ("sh-nested-bad", b"#!/corpus/%s\n" % corpus_path("sh-noint").encode()),
                ("sh-hello", b"#!/tests/hello\n"),
                ("sh-hello-arg", b"#! /tests/hello some-arg\nignored\n"),
                ("sh-dir", b"#!/tests\n"),
                ("sh-trunc", b"#!/corpus/%s\n" % corpus_path("trunc-00100").encode()),
                ("sh-enomem", b"#!/corpus/%s\n" % corpus_path("ph%d-memsz-%s" % (
                    self.loads[-1], vname(USER_MAX - self.phs[self.loads[-1]].vaddr))).encode()),
                ("sh-empty-file", b"#!/corpus/%s\n" % corpus_path("empty").encode()),
                ("sh-line-max", pad_line(b"#!/no/such/interpreter ", SCRIPT_LINE_MAX - 1)),
                ("sh-line-long", pad_line(b"#!/no/such/interpreter ", SCRIPT_LINE_MAX)),
                ("hash-only", b"#\n"),
                ("hash-bang-late", b"\n#!/tests/hello\n")):
            self.add(name, text)

    def make(self):
        self.layouts()
        self.truncations()
        self.ident_bytes()
        self.ehdr_fields()
        self.phdr_fields()
        self.foreign()
        self.garbage()
        self.scripts()
        return self.cases


def skip_unsettled(data):
    """Files whose fate the coming kernel changes may alter: ET_DYN."""
    return len(data) >= EHDR_SIZE and data[:4] == b"\x7fELF" and Ehdr(data).type == ET_DYN


def elf32_cases(seed):
    """Hostile ELF32 files from a 32-bit seed, each with the errno the
    kernel must give: every cut through the headers and the segments,
    e_flags naming an ABI we do not run, fields at their 32-bit extremes,
    segments reaching past 2 GiB. Named, not modelled: each is refused
    for one plain reason."""
    E32, P32 = struct.Struct("<16sHHIIIIIHHHHHH"), struct.Struct("<8I")
    eh = list(E32.unpack_from(seed))
    phoff, phnum = eh[5], eh[10]
    out = []

    def with_eh(field, value):
        e = list(eh)
        e[field] = value
        d = bytearray(seed)
        E32.pack_into(d, 0, *e)
        return bytes(d)

    def with_ph(i, field, value, also=None):
        d = bytearray(seed)
        ph = list(P32.unpack_from(d, phoff + i * 32))
        ph[field] = value
        if also:
            ph[also[0]] = also[1]
        P32.pack_into(d, phoff + i * 32, *ph)
        return bytes(d)

    header_end = phoff + phnum * 32
    cuts = set(range(1, header_end + 1))
    loads = [i for i in range(phnum) if P32.unpack_from(seed, phoff + i * 32)[0] == PT_LOAD]
    for i in loads:
        ph = P32.unpack_from(seed, phoff + i * 32)
        lo, hi = ph[1], ph[1] + ph[4]
        cuts.update(lo + (hi - lo) * k // 8 for k in range(1, 8))
        cuts.add(hi - 1)
    for cut in sorted(c for c in cuts if 0 < c < len(seed)):
        out.append(("e32-trunc-%05d" % cut, seed[:cut], "ENOEXEC"))
    # e_flags (field 7): RVE, ilp32f, ilp32q, TSO, an unknown bit
    for name, flags in (("rve", 0x9), ("ilp32f", 0x3), ("ilp32q", 0x7),
                        ("tso", 0x15), ("unknown", 0x105)):
        out.append(("e32-flags-" + name, with_eh(7, flags), "ENOEXEC"))
    out.append(("e32-ehsize-64", with_eh(8, 64), "ENOEXEC"))
    out.append(("e32-phentsize-56", with_eh(9, 56), "ENOEXEC"))
    out.append(("e32-phoff-max", with_eh(5, 0xFFFFFFF0), "ENOEXEC"))
    out.append(("e32-phnum-max", with_eh(10, 0xFFFF), "ENOEXEC"))
    out.append(("e32-entry-high", with_eh(4, 0x90000000), "ENOEXEC"))
    out.append(("e32-entry-max", with_eh(4, 0xFFFFFFFF), "ENOEXEC"))
    last = loads[-1]
    off = P32.unpack_from(seed, phoff + last * 32)[1]
    past = 0x80000000 - 0x1000 + (off & 0xFFF)
    out.append(("e32-past-2g", with_ph(last, 2, past, (5, 0x3000)), "ENOMEM"))
    out.append(("e32-at-2g", with_ph(last, 2, 0x80000000 + (off & 0xFFF)), "ENOMEM"))
    out.append(("e32-top-4g", with_ph(last, 2, 0xFFFFF000 + (off & 0xFFF)), "ENOMEM"))
    out.append(("e32-memsz-max", with_ph(last, 5, 0xFFFFFFFF), "ENOMEM"))
    out.append(("e32-filesz-max", with_ph(last, 4, 0xFFFFFFFF), "ENOEXEC"))
    out.append(("e32-offset-max", with_ph(last, 1, 0xFFFFF000 + (off & 0xFFF)), "ENOEXEC"))
    return out


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: mkcorpus.py SEED_ELF OUTDIR [SEED_ELF32]")
    seed_path, outdir = sys.argv[1], sys.argv[2]
    with open(seed_path, "rb") as f:
        seed = f.read()
    base = strip_seed(seed)
    eh, base_loads = exec_elf(base, {})   # the seed must itself run

    cases = Corpus(base, random.Random(SEED)).make()
    files = {"/tests/hello": seed, "/tests": None}
    files.update(("/corpus/" + corpus_path(name), data) for name, data in cases)

    by_name = dict(cases)
    assert len(by_name) == len(cases), "two cases share a name"
    header_end = Ehdr(base).phoff + Ehdr(base).phnum * PHDR_SIZE
    kept, seen, skipped, ok_per_family = [], {}, Counter(), Counter()
    for name, data in cases:
        if data in seen:
            skipped["same bytes as an earlier case"] += 1
            continue
        seen[data] = name
        if skip_unsettled(data):
            skipped["ET_DYN"] += 1
            continue
        try:
            want = exec_file(data, files)
        except Unsettled as why:
            skipped[str(why)] += 1
            continue
        if want == "OK" and script_interpreter(data) is None and \
                not runs_like(data, base, base_loads, eh.entry, header_end):
            skipped["accepted but would not run like the seed"] += 1
            continue
        if want == "OK":
            family = name.rsplit("-", 1)[0]
            ok_per_family[family] += 1
            if ok_per_family[family] > OK_PER_FAMILY:
                skipped["runs, but %d like it do already" % OK_PER_FAMILY] += 1
                continue
        kept.append((name, want))

    # a script's interpreter must be in the corpus
    paths = {"/corpus/" + corpus_path(n) for n, _ in kept}
    for name, _ in kept:
        interp = script_interpreter(by_name[name])
        if interp and interp.startswith("/corpus/"):
            assert interp in paths, (name, interp)

    if len(sys.argv) == 4:
        with open(sys.argv[3], "rb") as f:
            for name, data, want in elf32_cases(f.read()):
                if data not in seen:
                    seen[data] = name
                    by_name[name] = data
                    kept.append((name, want))

    shutil.rmtree(outdir, ignore_errors=True)
    for name, _ in kept:
        path = os.path.join(outdir, corpus_path(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(by_name[name])
    kept.sort()
    with open(os.path.join(outdir, "MANIFEST"), "w") as f:
        f.writelines("%s %s\n" % (corpus_path(n), w) for n, w in kept)

    counts = Counter(w for _, w in kept)
    print("mkcorpus: %d files in %s" % (len(kept), outdir))
    for why, n in sorted(skipped.items()):
        print("  left out %d: %s" % (n, why))
    # the same lines user/tests/corpus.out expects
    print("corpus: %d files" % len(kept))
    for want in sorted(counts):
        print("%s %d" % (want, counts[want]))


if __name__ == "__main__":
    main()
