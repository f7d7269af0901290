#!/usr/bin/env python3
"""Broken relocatable objects for the loader (user/tests/dlbad.c).

usage: mkdlcorpus.py OBJDIR OUTDIR

From the good objects in OBJDIR (mathlib.o, calc.o, hostcall.o) writes one
file per way an object can be wrong into OUTDIR, and OUTDIR/MANIFEST with
a line per file: NAME ERRNO TEXT, where TEXT must appear in the reason the
loader gives. Every field is changed in place, so the rest stays valid and
the check named is the one that must refuse it.
"""
import os
import struct
import sys

EH = struct.Struct("<16sHHIQQQIHHHHHH")
SH = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")


class Obj:
    def __init__(self, data):
        self.b = bytearray(data)
        self.eh = list(EH.unpack_from(self.b, 0))
        self.shoff, self.shnum, self.shstrndx = self.eh[6], self.eh[12], self.eh[13]
        self.sh = [list(SH.unpack_from(self.b, self.shoff + i * 64)) for i in range(self.shnum)]
        stroff = self.sh[self.shstrndx][4]
        self.names = [self.cstr(stroff + s[0]) for s in self.sh]

    def cstr(self, off):
        return self.b[off:self.b.index(0, off)].decode()

    def sec(self, name):
        return self.names.index(name)

    def put_sh(self, i, field, value):
        self.sh[i][field] = value
        SH.pack_into(self.b, self.shoff + i * 64, *self.sh[i])

    def put_eh(self, field, value):
        self.eh[field] = value
        EH.pack_into(self.b, 0, *self.eh)

    def symtab(self):
        return [i for i, s in enumerate(self.sh) if s[1] == 2][0]

    def rela_at(self, relname, k):
        off = self.sh[self.sec(relname)][4] + k * 24
        return off, list(RELA.unpack_from(self.b, off))


def cases(objdir):
    def load(name):
        with open(os.path.join(objdir, name), "rb") as f:
            return Obj(f.read())

    m = load("mathlib.o")
    yield "short.o", "ENOEXEC", "file too short", m.b[:40]
    yield "trunc.o", "ENOEXEC", "outside the file", m.b[:len(m.b) // 2]
    o = load("mathlib.o"); o.b[1] = ord("X")
    yield "magic.o", "ENOEXEC", "bad magic", o.b
    o = load("mathlib.o"); o.b[4] = 1
    yield "class32.o", "ENOEXEC", "32-bit ELF", o.b
    o = load("mathlib.o"); o.b[5] = 2
    yield "bigend.o", "ENOEXEC", "not little-endian", o.b
    o = load("mathlib.o"); o.put_eh(2, 62)
    yield "x86.o", "ENOEXEC", "x86 object", o.b
    o = load("mathlib.o"); o.put_eh(2, 183)
    yield "arm64.o", "ENOEXEC", "ARM object", o.b
    o = load("mathlib.o"); o.put_eh(1, 2)
    yield "exec.o", "ENOEXEC", "an executable, not a relocatable object", o.b
    o = load("mathlib.o"); o.put_eh(7, o.eh[7] & ~6)
    yield "softfp.o", "ENOEXEC", "float ABI", o.b
    o = load("mathlib.o"); o.put_eh(11, 40)
    yield "shentsize.o", "ENOEXEC", "bad e_shentsize", o.b
    o = load("mathlib.o"); o.put_eh(12, 4000)
    yield "shnum.o", "ENOEXEC", "too many sections", o.b
    o = load("mathlib.o"); o.put_eh(13, o.shnum + 3)
    yield "shstrndx.o", "ENOEXEC", "e_shstrndx out of range", o.b
    o = load("mathlib.o"); o.put_eh(6, len(o.b) - 100)
    yield "shoff.o", "ENOEXEC", "section header table outside the file", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".text"), 0, 0x7fffffff)
    yield "secname.o", "ENOEXEC", "name offset outside the string table", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".text"), 4, len(o.b) + 16)
    yield "secoff.o", "ENOEXEC", "data outside the file", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".text"), 8, 24)
    yield "secalign.o", "ENOEXEC", "sh_addralign not a power of two", o.b
    o = load("mathlib.o"); o.put_sh(o.symtab(), 9, 20)
    yield "symentsize.o", "ENOEXEC", "bad symbol table entry size", o.b
    o = load("mathlib.o"); o.put_sh(o.symtab(), 6, 999)
    yield "symlink.o", "ENOEXEC", "sh_link out of range", o.b
    o = load("mathlib.o"); o.put_sh(o.symtab(), 7, 100000)
    yield "syminfo.o", "ENOEXEC", "sh_info past its end", o.b
    o = load("mathlib.o"); st = o.sh[o.symtab()]
    s = list(SYM.unpack_from(o.b, st[4] + 24 * (st[5] // 24 - 1))); s[0] = 0x7ffffff0
    SYM.pack_into(o.b, st[4] + 24 * (st[5] // 24 - 1), *s)
    yield "symname.o", "ENOEXEC", "name offset outside the string table", o.b
    o = load("mathlib.o"); st = o.sh[o.symtab()]
    s = list(SYM.unpack_from(o.b, st[4] + 24 * (st[5] // 24 - 1))); s[3] = 900
    SYM.pack_into(o.b, st[4] + 24 * (st[5] // 24 - 1), *s)
    yield "symshndx.o", "ENOEXEC", "section index 900 out of range", o.b
    o = load("mathlib.o"); st = o.sh[o.symtab()]
    s = list(SYM.unpack_from(o.b, st[4] + 24 * (st[5] // 24 - 1))); s[4] = 1 << 40
    SYM.pack_into(o.b, st[4] + 24 * (st[5] // 24 - 1), *s)
    yield "symvalue.o", "ENOEXEC", "value past the end of its section", o.b
    o = load("mathlib.o"); strtab = o.sh[o.sh[o.symtab()][6]]
    o.b[strtab[4] + strtab[5] - 1] = ord("x")
    yield "strtabnul.o", "ENOEXEC", "does not end in NUL", o.b
    o = load("mathlib.o"); off, r = o.rela_at(".rela.text", 0); r[1] = (5000 << 32) | (r[1] & 0xffffffff)
    RELA.pack_into(o.b, off, *r)
    yield "relsym.o", "ENOEXEC", "symbol index 5000 out of range", o.b
    o = load("mathlib.o"); off, r = o.rela_at(".rela.text", 0); r[0] = 1 << 32
    RELA.pack_into(o.b, off, *r)
    yield "reloff.o", "ENOEXEC", "offset outside the section", o.b
    o = load("mathlib.o"); off, r = o.rela_at(".rela.text", 0); r[1] = (r[1] >> 32 << 32) | 200
    RELA.pack_into(o.b, off, *r)
    yield "reltype.o", "ENOEXEC", "unknown relocation type 200", o.b
    o = load("mathlib.o"); off, r = o.rela_at(".rela.text", 0); r[1] = (r[1] >> 32 << 32) | 29
    RELA.pack_into(o.b, off, *r)
    yield "reltls.o", "ENOEXEC", "unknown relocation type 29 (R_RISCV_TPREL_HI20)", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".rela.text"), 7, 777)
    yield "relinfo.o", "ENOEXEC", "relocated section index out of range", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".rela.text"), 9, 16)
    yield "relentsize.o", "ENOEXEC", "bad relocation entry size", o.b
    o = load("mathlib.o"); o.put_sh(o.sec(".rela.text"), 1, 9)
    yield "reltypeREL.o", "ENOEXEC", "SHT_REL relocations", o.b
    h = load("hostcall.o"); strtab = h.sh[h.sh[h.symtab()][6]]
    at = h.b.index(b"\0snprintf\0", strtab[4]) + 1; h.b[at] = ord("q")
    yield "undef.o", "ENOENT", "undefined symbol qnprintf", h.b
    c = load("calc.o"); at = c.b.index(b"mathlib.o\0"); c.b[at:at + 9] = b"nosuch_.o"
    yield "needmiss.o", "ENOENT", "nosuch_.o: cannot open", c.b


def main():
    objdir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    lines = []
    for name, err, text, data in cases(objdir):
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(data))
        lines.append(f"{name} {err} {text}\n")
    with open(os.path.join(out, "MANIFEST"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
