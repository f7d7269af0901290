/*
 * A reader for the flattened device tree OpenSBI hands us: finds RAM,
 * the harts, the console UART (ns16550a or sifive,uart0, the one
 * /chosen/stdout-path names), the PLIC and each hart's S-mode context
 * on it, the virtio-mmio slots, an SD card slot on a SiFive SPI
 * controller, QEMU's test (exit) device, the RTC, the timebase and the
 * boot arguments. Addresses use two cells and sizes two cells, as on
 * QEMU's virt and sifive_u machines.
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

int fdt_parse(const void *dtb, struct bootinfo *bi)
{
	const uint8_t *base = dtb;

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
			return 0;
		} else if (tok != FDT_NOP) {
			return -EINVAL;
		}
	}
	return -EINVAL;
}
