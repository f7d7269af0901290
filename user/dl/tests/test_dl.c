/*
 * Host tests of the loader's pure core (dl_check.c, dl_reloc.c) on the
 * test objects built from the sources in user/dl/obj. Each object is laid out and
 * relocated for a base address, then every relocation is checked by
 * decoding the patched instruction or datum with this file's own
 * decoders (not the encoders under test) and comparing with the psABI's
 * formula; every relocation type must have been seen and checked in
 * some object. Then: ALIGN-trimmed labels on their boundaries, range
 * errors, every truncation refused, and the broken-object corpus
 * refused with its reasons.
 *
 * usage: test_dl OBJECT... [--corpus DIR] [--fail-one]
 */
#include <stdarg.h>
#include <stdio.h>
#include "dl_host.h"

#define BASE 0x40000000UL

static int passed, failed, bad;

__attribute__((format(printf, 2, 3)))
static void expect(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	if (bad++ < 8) {
		printf("FAIL ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

static void group_done(const char *what)
{
	if (bad) {
		failed++;
		printf("FAIL %s (%d wrong)\n", what, bad);
	} else {
		passed++;
		printf("ok %s\n", what);
	}
	bad = 0;
}

static struct buf read_file(const char *path)
{
	struct buf f = { 0, 0 };
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		perror(path);
		exit(2);
	}
	fseek(fp, 0, SEEK_END);
	f.size = ftell(fp);
	rewind(fp);
	uint8_t *b = malloc(f.size ? f.size : 1);
	if (fread(b, 1, f.size, fp) != f.size)
		exit(2);
	fclose(fp);
	f.b = b;
	return f;
}

/* ---- decoders, written from the ISA manual's field pictures ---- */

static int64_t sext(uint64_t v, int bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t bit(uint32_t x, int i) { return (x >> i) & 1; }

static int64_t imm_u(uint32_t x) { return sext(x & 0xfffff000, 32); }
static int64_t imm_i(uint32_t x) { return sext(x >> 20, 12); }
static int64_t imm_s(uint32_t x) { return sext((x >> 25) << 5 | ((x >> 7) & 0x1f), 12); }
static int64_t imm_b(uint32_t x)
{
	return sext(bit(x, 31) << 12 | bit(x, 7) << 11 | ((x >> 25) & 0x3f) << 5 |
		    ((x >> 8) & 0xf) << 1, 13);
}
static int64_t imm_j(uint32_t x)
{
	return sext(bit(x, 31) << 20 | ((x >> 12) & 0xff) << 12 | bit(x, 20) << 11 |
		    ((x >> 21) & 0x3ff) << 1, 21);
}
static int64_t imm_cb(uint16_t x)
{
	return sext(bit(x, 12) << 8 | ((x >> 5) & 3) << 6 | bit(x, 2) << 5 |
		    ((x >> 10) & 3) << 3 | ((x >> 3) & 3) << 1, 9);
}
static int64_t imm_cj(uint16_t x)
{
	return sext(bit(x, 12) << 11 | bit(x, 8) << 10 | ((x >> 9) & 3) << 8 | bit(x, 6) << 7 |
		    bit(x, 7) << 6 | bit(x, 2) << 5 | bit(x, 11) << 4 | ((x >> 3) & 7) << 1, 12);
}

/* ---- checking one relocated object ---- */

static int seen[64];	/* relocation types checked, over all objects */

struct ctx {
	struct dl_obj *o;
	const struct buf *file;
	uint8_t *image;
	const char *name;
};

static uint64_t sym_addr(const struct ctx *c, uint32_t sym)
{
	return dl_symaddr(c->o, BASE, sym);
}

static const Elf64_Rela *hi_for(const struct ctx *c, const struct dl_rela *rs, uint64_t off)
{
	for (uint32_t j = 0; j < rs->n; j++) {
		uint32_t t = ELF64_R_TYPE(rs->r[j].r_info);
		if (rs->r[j].r_offset == off && (t == R_RISCV_PCREL_HI20 || t == R_RISCV_GOT_HI20))
			return &rs->r[j];
	}
	(void)c;
	return NULL;
}

/* The address an auipc's PC-relative pair must reach. */
static uint64_t hi_target(const struct ctx *c, const struct dl_rela *rs, const Elf64_Rela *h)
{
	uint32_t sym = ELF64_R_SYM(h->r_info);

	if (ELF64_R_TYPE(h->r_info) == R_RISCV_GOT_HI20) {
		uint64_t slot = BASE + c->o->got_off + 8UL * (c->o->got_slot[sym] - 1);
		uint64_t held;
		memcpy(&held, c->image + (slot - BASE), 8);
		expect(held == sym_addr(c, sym), "%s: GOT slot of %s holds %#lx", c->name,
		       dl_symname(c->o, sym), (unsigned long)held);
		return slot + h->r_addend;
	}
	(void)rs;
	return sym_addr(c, sym) + h->r_addend;
}

/* The datum an ADD/SUB/SET group at one offset must leave: the file's
 * bytes, then each relocation there in order. */
static uint64_t data_expect(const struct ctx *c, const struct dl_rela *rs, uint64_t off, int w)
{
	uint64_t v = 0, mask = w == 8 ? ~0UL : (1UL << (8 * w)) - 1;

	memcpy(&v, c->file->b + c->o->sh[rs->target].sh_offset + off, w);
	for (uint32_t j = 0; j < rs->n; j++) {
		const Elf64_Rela *r = &rs->r[j];
		uint32_t t = ELF64_R_TYPE(r->r_info);
		uint64_t sa = sym_addr(c, ELF64_R_SYM(r->r_info)) + r->r_addend;
		if (r->r_offset != off)
			continue;
		if (t >= R_RISCV_ADD8 && t <= R_RISCV_ADD64)
			v += sa;
		else if (t >= R_RISCV_SUB8 && t <= R_RISCV_SUB64)
			v -= sa;
		else if (t >= R_RISCV_SET8 && t <= R_RISCV_SET32)
			v = sa;
		else if (t == R_RISCV_SET6)
			v = (v & 0xc0) | (sa & 0x3f);
		else if (t == R_RISCV_SUB6)
			v = (v & 0xc0) | ((v - sa) & 0x3f);
	}
	return v & mask;
}

static void check_one(const struct ctx *c, const struct dl_rela *rs, const Elf64_Rela *r)
{
	uint32_t t = ELF64_R_TYPE(r->r_info), sym = ELF64_R_SYM(r->r_info);
	const uint8_t *f = c->image + c->o->secoff[rs->target] + r->r_offset;
	uint64_t P = BASE + c->o->secoff[rs->target] + r->r_offset;
	uint64_t SA = sym_addr(c, sym) + r->r_addend;
	int64_t pc = (int64_t)(SA - P), got = 0;
	bool data = !(c->o->sh[rs->target].sh_flags & SHF_EXECINSTR);
	const Elf64_Rela *h;

	switch (t) {
	case R_RISCV_32: got = rd32(f); pc = (uint32_t)SA; break;
	case R_RISCV_64: memcpy(&got, f, 8); pc = SA; break;
	case R_RISCV_32_PCREL: got = (int32_t)rd32(f); break;
	case R_RISCV_BRANCH: got = imm_b(rd32(f)); break;
	case R_RISCV_JAL: got = imm_j(rd32(f)); break;
	case R_RISCV_RVC_BRANCH: got = imm_cb(rd16(f)); break;
	case R_RISCV_RVC_JUMP: got = imm_cj(rd16(f)); break;
	case R_RISCV_CALL: case R_RISCV_CALL_PLT:
		got = imm_u(rd32(f)) + imm_i(rd32(f + 4));
		break;
	case R_RISCV_PCREL_HI20: case R_RISCV_GOT_HI20:
		pc = (int64_t)(hi_target(c, rs, r) - P);
		got = imm_u(rd32(f));
		pc = (pc + 0x800) & ~0xfffL;
		break;
	case R_RISCV_PCREL_LO12_I: case R_RISCV_PCREL_LO12_S:
		h = hi_for(c, rs, c->o->sym[sym].st_value);
		expect(h != NULL, "%s: PCREL_LO12 at %#lx has no HI20", c->name, (unsigned long)r->r_offset);
		if (!h)
			return;
		P = BASE + c->o->secoff[rs->target] + h->r_offset;
		pc = (int64_t)(hi_target(c, rs, h) - P);
		got = imm_u(rd32(c->image + c->o->secoff[rs->target] + h->r_offset)) +
		      (t == R_RISCV_PCREL_LO12_I ? imm_i(rd32(f)) : imm_s(rd32(f)));
		break;
	case R_RISCV_HI20: got = imm_u(rd32(f)); pc = ((int64_t)SA + 0x800) & ~0xfffL; break;
	case R_RISCV_LO12_I: got = imm_i(rd32(f)); pc = sext(SA, 12); break;
	case R_RISCV_LO12_S: got = imm_s(rd32(f)); pc = sext(SA, 12); break;
	case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
	case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64:
	case R_RISCV_SET8: case R_RISCV_SET16: case R_RISCV_SET32:
	case R_RISCV_SET6: case R_RISCV_SUB6: {
		if (!data)
			break;	/* code bytes moved by ALIGN: no file bytes to start from */
		int w = t == R_RISCV_SET6 || t == R_RISCV_SUB6 ? 1 : dl_reloc_width(t);
		pc = data_expect(c, rs, r->r_offset, w);
		got = 0;
		memcpy(&got, f, w);
		break;
	}
	default:	/* RELAX; ALIGN is NONE once applied */
		seen[t]++;
		return;
	}
	seen[t]++;
	expect(got == pc, "%s: %s at %s+%#lx (%s): field says %#lx, want %#lx", c->name,
	       dl_reloc_name(t), dl_secname(c->o, rs->target), (unsigned long)r->r_offset,
	       dl_symname(c->o, sym), (unsigned long)got, (unsigned long)pc);
}

static void check_aligned(const struct ctx *c, const char *name, uint64_t align)
{
	uint32_t i;

	if (dl_find_global(c->o, name, &i) < 0)
		return;
	expect(sym_addr(c, i) % align == 0, "%s: %s at %#lx, not on a %lu-byte boundary", c->name,
	       name, (unsigned long)sym_addr(c, i), (unsigned long)align);
}

static void test_object(const char *path)
{
	struct buf f = read_file(path);
	struct dl_obj o;
	uint8_t *image;
	uint32_t aligns = 0, before = 0;
	int err;

	/* Count the ALIGNs first: relaxing turns them into R_RISCV_NONE. */
	struct dl_source src = { &f, f.size, buf_read_at };
	if (dl_check(&o, &src, ET_REL) == 0)
		for (uint32_t k = 0; k < o.nrela; k++)
			for (uint32_t j = 0; j < o.rela[k].n; j++)
				aligns += ELF64_R_TYPE(o.rela[k].r[j].r_info) == R_RISCV_ALIGN;
	dl_free(&o);
	err = load_all(&o, &f, BASE, &image);
	expect(err == 0, "%s: refused: %s", path, o.reason);
	if (err == 0) {
		struct ctx c = { &o, &f, image, path };
		for (uint32_t k = 0; k < o.nrela; k++)
			if (o.secoff[o.rela[k].target] != UINT64_MAX)
				for (uint32_t j = 0; j < o.rela[k].n; j++)
					check_one(&c, &o.rela[k], &o.rela[k].r[j]);
		seen[R_RISCV_ALIGN] += aligns;
		check_aligned(&c, "r_aligned16", 16);
		check_aligned(&c, "r_aligned8", 8);
		check_aligned(&c, "r_span_b", 16);
		for (uint32_t i = 1; i < o.eh.e_shnum; i++)
			before += o.sh[i].sh_size - o.secsize[i];
		if (aligns)
			printf("  %s: %u ALIGN, %u padding bytes deleted\n", path, aligns, before);
	}
	free(image);
	dl_free(&o);
	group_done(path);
	free((void *)f.b);
}

static void test_coverage(void)
{
	static const uint32_t want[] = {
		R_RISCV_32, R_RISCV_64, R_RISCV_BRANCH, R_RISCV_JAL, R_RISCV_CALL,
		R_RISCV_CALL_PLT, R_RISCV_GOT_HI20, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I,
		R_RISCV_PCREL_LO12_S, R_RISCV_HI20, R_RISCV_LO12_I, R_RISCV_LO12_S,
		R_RISCV_ADD8, R_RISCV_ADD16, R_RISCV_ADD32, R_RISCV_ADD64, R_RISCV_SUB8,
		R_RISCV_SUB16, R_RISCV_SUB32, R_RISCV_SUB64, R_RISCV_ALIGN, R_RISCV_RVC_BRANCH,
		R_RISCV_RVC_JUMP, R_RISCV_RELAX, R_RISCV_SUB6, R_RISCV_SET6, R_RISCV_SET8,
		R_RISCV_SET16, R_RISCV_SET32, R_RISCV_32_PCREL,
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect(seen[want[i]] > 0, "no %s was checked in any object", dl_reloc_name(want[i]));
	group_done("every handled relocation type checked in some object");
}

/* Out of reach: absolute addresses above 2 GiB, calls more than 2 GiB off. */
static void test_range(const char *abs_obj, const char *pic_obj)
{
	struct dl_obj o;
	uint8_t *image;
	struct buf f = read_file(abs_obj);
	int err = load_all(&o, &f, 0x4000000000UL, &image);

	expect(err == -ERANGE && strstr(o.reason, "above 2 GiB"), "%s at 256 GiB: %d %s", abs_obj,
	       err, o.reason ? o.reason : "");
	free(image);
	dl_free(&o);
	free((void *)f.b);
	f = read_file(pic_obj);
	fake_far = 0x3000000000UL;
	err = load_all(&o, &f, BASE, &image);
	fake_far = 0;
	expect(err == -ERANGE && strstr(o.reason, "2 GiB away"), "%s, symbols 190 GiB off: %d %s",
	       pic_obj, err, o.reason ? o.reason : "");
	free(image);
	dl_free(&o);
	free((void *)f.b);
	group_done("out-of-range relocations refused (ERANGE)");
}

static void test_truncations(const char *path)
{
	struct buf f = read_file(path);

	for (uint64_t n = 0; n < f.size; n++) {
		struct buf t = { f.b, n };
		struct dl_obj o;
		uint8_t *image;
		int err = load_all(&o, &t, BASE, &image);
		expect(err < 0 && o.reason, "%s cut to %lu bytes: accepted", path, (unsigned long)n);
		free(image);
		dl_free(&o);
	}
	free((void *)f.b);
	char what[300];
	snprintf(what, sizeof what, "%s: every truncation refused", path);
	group_done(what);
}

static void test_corpus(const char *dir)
{
	/* what the program and mathlib.o give the corpus objects */
	static const char *const libc[] = { "printf", "snprintf", "strlen", "putchar",
					    "add", "mul", "op", "math_calls", NULL };
	char path[512], line[256];
	snprintf(path, sizeof path, "%s/MANIFEST", dir);
	fake_only = libc;
	FILE *m = fopen(path, "r");
	int n = 0;

	expect(m != NULL, "no %s", path);
	while (m && fgets(line, sizeof line, m)) {
		char name[64], errname[32];
		int at;
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%63s %31s %n", name, errname, &at) != 2)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		struct buf f = read_file(path);
		struct dl_obj o;
		uint8_t *image;
		int err = load_all(&o, &f, BASE, &image);
		int want = strcmp(errname, "ENOEXEC") == 0 ? ENOEXEC : ENOENT;
		/* a missing library is the loader's to find, not the pure core's */
		if (strstr(line + at, "cannot open"))
			want = 0;
		expect(want ? err == -want && strstr(o.reason, line + at) : err == 0,
		       "%s: want %s \"%s\", got %d \"%s\"", name, errname, line + at, err,
		       o.reason ? o.reason : "");
		free(image);
		dl_free(&o);
		free((void *)f.b);
		n++;
	}
	if (m)
		fclose(m);
	fake_only = NULL;
	printf("  %d broken objects\n", n);
	group_done("the broken-object corpus refused with its reasons");
}

int main(int argc, char **argv)
{
	const char *corpus = NULL, *abs_obj = NULL, *pic_obj = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
			corpus = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--fail-one") == 0) {
			failed++;
			continue;
		}
		test_object(argv[i]);
		if (strstr(argv[i], "mathlib"))
			abs_obj = argv[i];
		if (strstr(argv[i], "calc"))
			pic_obj = argv[i];
	}
	test_coverage();
	if (abs_obj && pic_obj)
		test_range(abs_obj, pic_obj);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' && (i == 1 || strcmp(argv[i - 1], "--corpus")))
			test_truncations(argv[i]);
	if (corpus)
		test_corpus(corpus);
	printf("dl: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
