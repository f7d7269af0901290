/*
 * Host unit tests of the device tree reader (os/dev/fdt.c): trees made
 * here by a small writer, and the trees QEMU gives its virt and sifive_u
 * machines when their paths are given (fdt.mk dumps them). Checks the
 * harts, AT_HWCAP, the console UART and the caches AT_L1I_CACHESIZE ..
 * AT_L3_CACHEGEOMETRY report, as Linux 6.1's cacheinfo reads them: a
 * level's size, sets and line size from the first used hart's node,
 * then each next-level-cache node that is compatible "cache" with a
 * climbing cache-level. ASan and UBSan watch every access.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kern/bootinfo.h"
#include "dev/dev.h"

static int checks, fail;

static void expect(const char *what, uint64_t got, uint64_t want)
{
	checks++;
	if (got != want) {
		printf("FAIL %s: expected %#llx, got %#llx\n", what, (unsigned long long)want,
		       (unsigned long long)got);
		fail++;
	}
}

/* ---- a flattened tree, written token by token ---- */

static struct {
	uint8_t st[16384];
	uint32_t n;
	char str[4096];
	uint32_t sn;
	uint8_t blob[32768];
} w;

static void put32(uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };
	memcpy(w.st + w.n, b, 4);
	w.n += 4;
}

static void put_bytes(const void *p, uint32_t len)
{
	memcpy(w.st + w.n, p, len);
	w.n += len;
	while (w.n % 4)
		w.st[w.n++] = 0;
}

static void start(void)
{
	memset(&w, 0, sizeof(w));
	put32(1);	/* the root node, named "" */
	put_bytes("", 1);
}

static void begin(const char *name)
{
	put32(1);
	put_bytes(name, strlen(name) + 1);
}

static void end(void) { put32(2); }

static void prop(const char *name, const void *val, uint32_t len)
{
	uint32_t off = 0;

	while (off < w.sn && strcmp(w.str + off, name) != 0)
		off += strlen(w.str + off) + 1;
	if (off == w.sn) {
		strcpy(w.str + off, name);
		w.sn += strlen(name) + 1;
	}
	put32(3);
	put32(len);
	put32(off);
	put_bytes(val, len);
}

static void prop_u32(const char *name, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };
	prop(name, b, 4);
}

static void prop_str(const char *name, const char *s) { prop(name, s, strlen(s) + 1); }

/* The tree's blob: header, empty reservation map, structure, strings. */
static const void *finish(void)
{
	end();		/* the root */
	put32(9);
	uint32_t hdr[10] = { 0xd00dfeed, 0, 56, 56 + w.n, 40, 17, 16, 0, w.sn, w.n };
	hdr[1] = 56 + w.n + w.sn;
	for (int i = 0; i < 10; i++) {
		uint8_t *p = w.blob + 4 * i;
		p[0] = hdr[i] >> 24, p[1] = hdr[i] >> 16, p[2] = hdr[i] >> 8, p[3] = hdr[i];
	}
	memcpy(w.blob + 56, w.st, w.n);
	memcpy(w.blob + 56 + w.n, w.str, w.sn);
	return w.blob;
}

/* A hart: cpu@id with an MMU, its riscv,isa, and the cache properties
 * the caller adds before end(). */
static void hart(const char *node, uint32_t id, const char *isa)
{
	begin(node);
	prop_str("device_type", "cpu");
	prop_u32("reg", id);
	prop_str("riscv,isa", isa);
	prop_str("mmu-type", "riscv,sv39");
}

static void leaf(const char *kind, uint32_t size, uint32_t sets, uint32_t line)
{
	char name[32];

	snprintf(name, sizeof(name), "%ssize", kind);
	prop_u32(name, size);
	snprintf(name, sizeof(name), "%ssets", kind);
	prop_u32(name, sets);
	snprintf(name, sizeof(name), "%sblock-size", kind);
	prop_u32(name, line);
}

static void cache_node(const char *name, uint32_t phandle, const char *compat, uint32_t level,
		       uint32_t next)
{
	begin(name);
	leaf("cache-", 2 << 20, 2048, 64);	/* 16 ways */
	prop_u32("cache-level", level);
	prop("compatible", compat, strlen(compat) + 1);
	prop_u32("phandle", phandle);
	if (next)
		prop_u32("next-level-cache", next);
	end();
}

static struct bootinfo parse(const void *blob)
{
	struct bootinfo bi;

	memset(&bi, 0, sizeof(bi));
	expect("fdt_parse", fdt_parse(blob, &bi), 0);
	return bi;
}

static void expect_caches(const char *what, const struct bootinfo *bi, const uint64_t want[8])
{
	static const char *names[] = { "L1I", "L1D", "L2", "L3" };
	char s[96];

	for (int i = 0; i < CACHE_AUX_LEVELS; i++) {
		snprintf(s, sizeof(s), "%s: %s size", what, names[i]);
		expect(s, bi->cache[i].size, want[2 * i]);
		snprintf(s, sizeof(s), "%s: %s geometry", what, names[i]);
		expect(s, bi->cache[i].geometry, want[2 * i + 1]);
	}
}

#define GEOM(ways, line) ((uint64_t)(ways) << 16 | (line))

/* Level 1 split, an L2 and an L3 chained by next-level-cache. */
static void three_levels(void)
{
	start();
	begin("cpus");
	prop_u32("timebase-frequency", 10000000);
	hart("cpu@0", 0, "rv64imafdc_zicsr");
	leaf("i-cache-", 32768, 64, 64);	/* 8 ways */
	leaf("d-cache-", 65536, 64, 64);	/* 16 ways */
	prop_u32("next-level-cache", 5);
	end();
	end();
	cache_node("l3", 6, "cache", 3, 0);	/* before the L2: order does not matter */
	cache_node("l2", 5, "cache", 2, 6);
	struct bootinfo bi = parse(finish());
	const uint64_t want[8] = { 32768, GEOM(8, 64), 65536, GEOM(16, 64),
				   2 << 20, GEOM(16, 64), 2 << 20, GEOM(16, 64) };
	expect_caches("three levels", &bi, want);
	expect("three levels: harts", bi.nharts, 1);
	expect("three levels: hwcap", bi.hwcap, 0x112d);
	expect("three levels: timebase", bi.timebase, 10000000);
}

/* A tree begun with one hart whose next-level-cache is next and, if
 * l2, whose l2-cache is l2; no caches of its own. */
static void hart_pointing_at(uint32_t next, uint32_t l2)
{
	start();
	begin("cpus");
	hart("cpu@0", 0, "rv64imafdc");
	prop_u32("next-level-cache", next);
	if (l2)
		prop_u32("l2-cache", l2);
	end();
	end();
}

/* Linux follows a next-level cache only if it is compatible "cache",
 * has a cache-level, and that level climbs; a leaf needs all three
 * properties; one set is a fully associative cache (ways 0). */
static void chains_cut(void)
{
	/* QEMU sifive_u's L2 controller: compatible "sifive,...-ccache" only */
	start();
	begin("cpus");
	hart("cpu@0", 0, "rv64imac");
	leaf("d-cache-", 16384, 1, 64);		/* fully associative */
	prop_u32("i-cache-size", 16384);	/* no sets or line size */
	prop_u32("next-level-cache", 7);
	end();
	end();
	cache_node("cache-controller@2010000", 7, "sifive,fu540-c000-ccache", 2, 0);
	struct bootinfo bi = parse(finish());
	const uint64_t want[8] = { 0, 0, 16384, GEOM(0, 64), 0, 0, 0, 0 };
	expect_caches("not compatible cache", &bi, want);
	expect("rv64imac: no F without D", bi.hwcap, 0x1105);

	/* an L2 whose next-level cache is itself, and an L3 that says 2 */
	const uint64_t l2_only[8] = { 0, 0, 0, 0, 2 << 20, GEOM(16, 64), 0, 0 };
	hart_pointing_at(1, 0);
	cache_node("loop", 1, "cache", 2, 1);
	struct bootinfo b2 = parse(finish());
	expect_caches("a loop", &b2, l2_only);
	hart_pointing_at(1, 0);
	cache_node("l2", 1, "cache", 2, 2);
	cache_node("l3", 2, "cache", 2, 0);
	struct bootinfo b3 = parse(finish());
	expect_caches("a level that does not climb", &b3, l2_only);
	/* l2-cache is read before next-level-cache, as Linux reads it */
	hart_pointing_at(9, 1);
	cache_node("l2", 1, "cache", 2, 0);
	struct bootinfo b4 = parse(finish());
	expect_caches("l2-cache first", &b4, l2_only);
}

/* The first hart used: one without an MMU or disabled gives nothing. */
static void first_used_hart(void)
{
	start();
	begin("cpus");
	begin("cpu@0");		/* a monitor core: no MMU */
	prop_str("device_type", "cpu");
	prop_u32("reg", 0);
	prop_str("riscv,isa", "rv64imac");
	prop_str("mmu-type", "riscv,none");
	leaf("i-cache-", 8192, 32, 64);
	end();
	hart("cpu@1", 1, "rv64imafdc");
	leaf("i-cache-", 32768, 128, 64);	/* 4 ways */
	end();
	hart("cpu@2", 2, "rv64imafdc");
	leaf("i-cache-", 4096, 16, 64);
	end();
	end();
	struct bootinfo bi = parse(finish());
	const uint64_t want[8] = { 32768, GEOM(4, 64), 0, 0, 0, 0, 0, 0 };
	expect_caches("first used hart", &bi, want);
	expect("first used hart: harts", bi.nharts, 2);
	expect("first used hart: id", bi.harts[0], 1);
}

static void *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 20];

	if (!f) {
		printf("FAIL cannot open %s\n", path);
		exit(1);
	}
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	void *p = malloc(n);
	memcpy(p, buf, n);
	return p;
}

/* A tree QEMU made: its harts, AT_HWCAP and no cache described. */
static void qemu_tree(const char *path, uint64_t uart, int uart_kind, int nharts)
{
	void *blob = read_file(path);
	struct bootinfo bi = parse(blob);
	const uint64_t none[8] = { 0 };
	char s[128];

	snprintf(s, sizeof(s), "%s: harts", path);
	expect(s, bi.nharts, nharts);
	snprintf(s, sizeof(s), "%s: hwcap", path);
	expect(s, bi.hwcap, 0x112d);
	snprintf(s, sizeof(s), "%s: uart", path);
	expect(s, bi.uart, uart);
	snprintf(s, sizeof(s), "%s: uart kind", path);
	expect(s, bi.uart_kind, uart_kind);
	expect_caches(path, &bi, none);
	free(blob);
}

int main(int argc, char **argv)
{
	three_levels();
	chains_cut();
	first_used_hart();
	/* fdt.mk's dumps: virt with 4 harts, sifive_u with 1 + 4, of which
	 * the first (the monitor core) has no MMU */
	if (argc == 3) {
		qemu_tree(argv[1], 0x10000000, UART_NS16550, 4);
		qemu_tree(argv[2], 0x10010000, UART_SIFIVE, 4);
	}
	printf("fdt: %d passed, %d failed\n", checks - fail, fail);
	return fail != 0;
}
