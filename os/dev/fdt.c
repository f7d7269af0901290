/*
 * A reader for the flattened device tree OpenSBI hands us: finds RAM,
 * the harts, the console UART (ns16550a or sifive,uart0, the one
 * /chosen/stdout-path names), the PLIC and each hart's S-mode context
 * on it, the virtio-mmio slots, an SD card slot on a SiFive SPI
 * controller, QEMU's test (exit) device, the RTC, the timebase, the
 * first hart's caches and the boot arguments. Addresses use two cells
 * and sizes two cells, as on QEMU's virt and sifive_u machines.
 */
#include "kern/kern.h"
#include "dev/dev.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 8
#define MAX_UARTS 4
#define MAX_CONTEXTS (2 * NHARTID)
#define MAX_CACHES 8	/* cache nodes kept: an L2 and L3 per cluster */
#define IRQ_S_EXT 9	/* a cpu-intc's S-mode external interrupt */

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* A cache as a node's cache-size, cache-sets and cache-block-size (or
 * their i-cache- and d-cache- forms) describe it; have: which of the
 * three came. */
enum { LEAF_UNIFIED, LEAF_INST, LEAF_DATA, LEAF_KINDS };
struct leaf {
	uint32_t size, sets, line;
	uint8_t have;
};
#define LEAF_ALL 7

/* What of a node tells of caches: its own, and the next level's. */
struct cachedesc {
	struct leaf leaf[LEAF_KINDS];
	uint32_t next, l2;	/* next-level-cache's and l2-cache's phandles, 0 if none */
	uint32_t level;		/* cache-level, 0 if none */
	bool is_cache;		/* compatible "cache" */
	uint32_t phandle;
};

/* What we keep of a node while its properties go by. */
struct node {
	const char *name;
	const char *compat;
	uint32_t compat_len;
	const uint8_t *reg;
	uint32_t reg_len;
	uint32_t irq;
	bool has_irq;
	uint32_t phandle;
	const uint8_t *intx;	/* interrupts-extended: <phandle irq> pairs */
	uint32_t intx_len;
	bool is_memory;
	bool is_cpu;		/* device_type "cpu" */
	bool has_mmu;		/* an "mmu-type" other than riscv,none */
	bool disabled;		/* status "disabled" */
	const char *isa;	/* riscv,isa, NULL if none */
	struct cachedesc cache;
};

/* What only the whole tree decides, gathered while it goes by. */
static struct {
	struct { uint64_t base, irq; int kind; } uart[MAX_UARTS];
	int nuarts;
	uint64_t stdout_addr;	/* the unit address stdout-path names, 0 if none */
	struct { uint32_t phandle, hartid; } intc[NHARTID];	/* each hart's cpu-intc */
	int nintc;
	uint32_t ctx[MAX_CONTEXTS][2];	/* the PLIC's interrupts-extended: phandle, irq */
	int nctx;
	struct cachedesc hart_cache;	/* the first used hart's (level 1) */
	struct cachedesc caches[MAX_CACHES];	/* nodes with a phandle and a cache */
	int ncaches;
} seen;

static bool compatible(const struct node *n, const char *want)
{
	for (uint32_t i = 0; i < n->compat_len; i += strlen(n->compat + i) + 1)
		if (strcmp(n->compat + i, want) == 0)
			return true;
	return false;
}

static void add_uart(uint64_t base, const struct node *n, int kind)
{
	if (seen.nuarts < MAX_UARTS)
		seen.uart[seen.nuarts++] = (typeof(seen.uart[0])){ base, n->has_irq ? n->irq : 0, kind };
}

/*
 * The PLIC's interrupts-extended: one <cpu-intc phandle, irq> pair per
 * context, in context order. Read once the node is complete: a property
 * may come before the node's compatible (QEMU's trees list them newest
 * first), so it cannot be told apart as it goes by.
 */
static void add_plic_contexts(const struct node *n)
{
	for (uint32_t i = 0; i + 8 <= n->intx_len && seen.nctx < MAX_CONTEXTS; i += 8, seen.nctx++) {
		seen.ctx[seen.nctx][0] = be32(n->intx + i);
		seen.ctx[seen.nctx][1] = be32(n->intx + i + 4);
	}
}

#define HWCAP_ISA(c) (1UL << ((c) - 'a'))

/*
 * AT_HWCAP's bits for a riscv,isa string ("rv64imafdch_zicsr_..."): bit
 * c - 'a' for each single-letter extension, as Linux 6.1 reports them:
 * only I, M, A, F, D and C, and F and D only together.
 */
static uint64_t isa_hwcap(const char *isa)
{
	const uint64_t known = HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') |
			       HWCAP_ISA('f') | HWCAP_ISA('d') | HWCAP_ISA('c');
	const uint64_t fd = HWCAP_ISA('f') | HWCAP_ISA('d');
	uint64_t bits = 0;

	if (!isa || strncmp(isa, "rv", 2) != 0)
		return 0;
	for (isa += 2; *isa >= '0' && *isa <= '9'; isa++)
		;
	for (; *isa && *isa != '_'; isa++)
		if (*isa >= 'a' && *isa <= 'z')
			bits |= HWCAP_ISA(*isa);
	bits &= known;
	return (bits & fd) == fd ? bits : bits & ~fd;
}

static void node_done(const struct node *n, const struct node *parent, struct bootinfo *bi)
{
	if (n->phandle && n->cache.level && seen.ncaches < MAX_CACHES) {
		seen.caches[seen.ncaches] = n->cache;
		seen.caches[seen.ncaches].phandle = n->phandle;
		seen.caches[seen.ncaches++].is_cache = compatible(n, "cache");
	}
	uint64_t base = n->reg_len >= 16 ? be64(n->reg) : 0;
	uint64_t size = n->reg_len >= 16 ? be64(n->reg + 8) : 0;

	if (compatible(n, "riscv,cpu-intc") && parent && parent->is_cpu && parent->reg_len == 4 &&
	    seen.nintc < NHARTID) {
		seen.intc[seen.nintc].phandle = n->phandle;
		seen.intc[seen.nintc++].hartid = be32(parent->reg);
	} else if (compatible(n, "mmc-spi-slot") && parent && compatible(parent, "sifive,spi0") &&
		   parent->reg_len >= 16 && !bi->sdspi) {
		bi->sdspi = be64(parent->reg);
		bi->sdcs = n->reg_len >= 4 ? be32(n->reg) : 0;
	} else if (n->is_cpu) {
		/* /cpus has one address cell: reg is the hart id */
		if (n->reg_len == 4 && n->has_mmu && !n->disabled && bi->nharts < NCPU) {
			uint64_t bits = isa_hwcap(n->isa);
			if (bi->nharts == 0)
				seen.hart_cache = n->cache;
			bi->hwcap = bi->nharts ? bi->hwcap & bits : bits;
			bi->harts[bi->nharts++] = be32(n->reg);
		}
	} else if (n->is_memory && !bi->mem_size) {
		bi->mem_base = base;
		bi->mem_size = size;
	} else if (compatible(n, "ns16550a")) {
		add_uart(base, n, UART_NS16550);
	} else if (compatible(n, "sifive,uart0")) {
		add_uart(base, n, UART_SIFIVE);
	} else if (compatible(n, "sifive,test0")) {
		bi->test = base;
	} else if (compatible(n, "riscv,plic0") || compatible(n, "sifive,plic-1.0.0")) {
		bi->plic = base;
		add_plic_contexts(n);
	} else if (compatible(n, "google,goldfish-rtc")) {
		bi->rtc = base;
	} else if (compatible(n, "virtio,mmio") && bi->nvirtio < VIRTIO_MMIO_SLOTS) {
		bi->virtio[bi->nvirtio].base = base;
		bi->virtio[bi->nvirtio].irq = n->irq;
		bi->nvirtio++;
	}
}

/* The hex number after the last '@' of a path such as
 * "/soc/serial@10010000:115200", or 0. */
static uint64_t unit_address(const char *path, uint32_t len)
{
	const char *at = NULL;
	uint64_t v = 0;

	for (uint32_t i = 0; i < len && path[i]; i++)
		if (path[i] == '@')
			at = path + i + 1;
	for (; at && *at && *at != ':' && at < path + len; at++) {
		int d = *at >= '0' && *at <= '9' ? *at - '0' :
			*at >= 'a' && *at <= 'f' ? *at - 'a' + 10 : -1;
		if (d < 0)
			return 0;
		v = v << 4 | d;
	}
	return v;
}

/*
 * A property of the cache binding Linux's cacheinfo reads (the devicetree
 * specification's): [i-|d-]cache-{size,sets,block-size}, cache-level,
 * next-level-cache or l2-cache. Whether pname was one.
 */
static bool cache_prop(struct cachedesc *c, const char *pname, const uint8_t *val, uint32_t len)
{
	static const char *const kinds[LEAF_KINDS] = { "cache-", "i-cache-", "d-cache-" };
	static const char *const fields[] = { "size", "sets", "block-size" };

	if (len != 4)
		return false;
	uint32_t v = be32(val);
	if (strcmp(pname, "cache-level") == 0)
		c->level = v;
	else if (strcmp(pname, "next-level-cache") == 0)
		c->next = v;
	else if (strcmp(pname, "l2-cache") == 0)
		c->l2 = v;
	else {
		for (int k = 0; k < LEAF_KINDS; k++) {
			size_t klen = strlen(kinds[k]);
			for (int f = 0; f < (int)ARRAY_SIZE(fields); f++) {
				if (strncmp(pname, kinds[k], klen) != 0 || strcmp(pname + klen, fields[f]) != 0)
					continue;
				struct leaf *l = &c->leaf[k];
				*(f == 0 ? &l->size : f == 1 ? &l->sets : &l->line) = v;
				l->have |= 1 << f;
				return true;
			}
		}
		return false;
	}
	return true;
}

static void node_prop(struct node *n, const char *pname, const uint8_t *val,
		      uint32_t len, struct bootinfo *bi)
{
	if (strcmp(pname, "compatible") == 0) {
		n->compat = (const char *)val;
		n->compat_len = len;
	} else if (strcmp(pname, "reg") == 0) {
		n->reg = val;
		n->reg_len = len;
	} else if (strcmp(pname, "interrupts") == 0 && len >= 4) {
		n->irq = be32(val);
		n->has_irq = true;
	} else if (strcmp(pname, "phandle") == 0 && len == 4) {
		n->phandle = be32(val);
	} else if (strcmp(pname, "interrupts-extended") == 0) {
		n->intx = val;
		n->intx_len = len;
	} else if (strcmp(pname, "stdout-path") == 0 && strcmp(n->name, "chosen") == 0) {
		seen.stdout_addr = unit_address((const char *)val, len);
	} else if (strcmp(pname, "device_type") == 0) {
		n->is_memory = strcmp((const char *)val, "memory") == 0;
		n->is_cpu = strcmp((const char *)val, "cpu") == 0;
	} else if (strcmp(pname, "riscv,isa") == 0) {
		n->isa = len && val[len - 1] == 0 ? (const char *)val : NULL;
		if (!bi->isa[0])
			strlcpy(bi->isa, (const char *)val, MIN(len + 1, sizeof(bi->isa)));
	} else if (strcmp(pname, "mmu-type") == 0) {
		n->has_mmu = strcmp((const char *)val, "riscv,none") != 0;
	} else if (strcmp(pname, "status") == 0) {
		n->disabled = strcmp((const char *)val, "disabled") == 0;
	} else if (strcmp(pname, "bootargs") == 0 && strcmp(n->name, "chosen") == 0) {
		strlcpy(bi->bootargs, (const char *)val, MIN(len + 1, sizeof(bi->bootargs)));
	} else if (strcmp(pname, "timebase-frequency") == 0 && len == 4 &&
		   strcmp(n->name, "cpus") == 0) {
		bi->timebase = be32(val);
	} else {
		cache_prop(&n->cache, pname, val, len);
	}
}

/* The console: the UART stdout-path names, else the one at the lowest
 * address (the tree may list them in any order). */
static void choose_uart(struct bootinfo *bi)
{
	int best = -1;

	for (int i = 0; i < seen.nuarts; i++) {
		if (seen.uart[i].base == seen.stdout_addr) {
			best = i;
			break;
		}
		if (best < 0 || seen.uart[i].base < seen.uart[best].base)
			best = i;
	}
	if (best >= 0) {
		bi->uart = seen.uart[best].base;
		bi->uart_irq = seen.uart[best].irq;
		bi->uart_kind = seen.uart[best].kind;
	}
}

/* Context i of the PLIC belongs to the hart whose cpu-intc pair i
 * names; the S-mode one is the pair with the S-mode external IRQ. */
static void plic_contexts(struct bootinfo *bi)
{
	for (int i = 0; i < seen.nctx; i++) {
		if (seen.ctx[i][1] != IRQ_S_EXT)
			continue;
		for (int k = 0; k < seen.nintc; k++)
			if (seen.intc[k].phandle == seen.ctx[i][0] && seen.intc[k].hartid < NHARTID)
				bi->plic_sctx[seen.intc[k].hartid] = i;
	}
}

static const struct cachedesc *cache_node(uint32_t phandle)
{
	for (int i = 0; i < seen.ncaches; i++)
		if (phandle && seen.caches[i].phandle == phandle)
			return &seen.caches[i];
	return NULL;
}

/* The auxv slot a leaf of a level fills, -1 if none: Linux reports the
 * first level's instruction and data caches and the second's and
 * third's unified ones. */
static int aux_slot(uint32_t level, int kind)
{
	if (level == 1)
		return kind == LEAF_INST ? CACHE_L1I : kind == LEAF_DATA ? CACHE_L1D : -1;
	if (level == 2 || level == 3)
		return kind == LEAF_UNIFIED ? CACHE_L2 + (int)level - 2 : -1;
	return -1;
}

/* A level's caches into bi, each as Linux's cacheinfo computes it (a
 * leaf needs all three properties; one set is fully associative, ways
 * 0), the first leaf of a slot winning. */
static void add_leaves(const struct cachedesc *c, uint32_t level, struct bootinfo *bi, bool *filled)
{
	for (int k = 0; k < LEAF_KINDS; k++) {
		const struct leaf *l = &c->leaf[k];
		int slot = aux_slot(level, k);
		if (slot < 0 || filled[slot] || l->have != LEAF_ALL)
			continue;
		uint64_t ways = l->sets > 1 && l->size && l->line ? l->size / l->sets / l->line : 0;
		bi->cache[slot].size = l->size;
		bi->cache[slot].geometry = ways << 16 | l->line;
		filled[slot] = true;
	}
}

/* The first used hart's caches: its node's own (level 1), then each
 * next-level cache node, as long as it is compatible "cache" and its
 * cache-level climbs (Linux's populate_cache_leaves). */
static void hart_caches(struct bootinfo *bi)
{
	bool filled[CACHE_AUX_LEVELS] = { false };
	const struct cachedesc *c = &seen.hart_cache;
	uint32_t levels = 1;

	add_leaves(c, 1, bi, filled);
	while ((c = cache_node(c->l2 ? c->l2 : c->next)) && c->is_cache && c->level > levels) {
		add_leaves(c, c->level, bi, filled);
		levels = c->level;
	}
}

int fdt_parse(const void *dtb, struct bootinfo *bi)
{
	const uint8_t *base = dtb;

	memset(&seen, 0, sizeof(seen));
	if (!dtb || be32(base) != FDT_MAGIC)
		return -EINVAL;
	const uint8_t *p = base + be32(base + 8);
	const uint8_t *end = p + be32(base + 36);
	const char *strings = (const char *)base + be32(base + 12);
	struct node stack[MAX_DEPTH];
	int depth = -1;

	while (p + 4 <= end) {
		uint32_t tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			p += (strlen(name) + 4) & ~3u;
			if (++depth >= MAX_DEPTH)
				return -EINVAL;
			stack[depth] = (struct node){ .name = name };
		} else if (tok == FDT_END_NODE) {
			if (depth < 0)
				return -EINVAL;
			node_done(&stack[depth], depth > 0 ? &stack[depth - 1] : NULL, bi);
			depth--;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			if (depth >= 0)
				node_prop(&stack[depth], strings + nameoff, p + 8, len, bi);
			p += 8 + ((len + 3) & ~3u);
		} else if (tok == FDT_END) {
			choose_uart(bi);
			plic_contexts(bi);
			hart_caches(bi);
			return 0;
		} else if (tok != FDT_NOP) {
			return -EINVAL;
		}
	}
	return -EINVAL;
}
