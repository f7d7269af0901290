/*
 * A reader for the flattened device tree OpenSBI hands us: finds RAM,
 * the harts, the UART, the PLIC, the virtio-mmio slots, the RTC, the timebase and the boot
 * arguments. Addresses use two cells and sizes two cells, as on QEMU's
 * virt and sifive_u machines.
 */
#include "defs.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 8

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
	bool is_memory;
	bool is_cpu;		/* device_type "cpu" */
	bool has_mmu;		/* an "mmu-type" other than riscv,none */
	bool disabled;		/* status "disabled" */
};

static bool compatible(const struct node *n, const char *want)
{
	for (uint32_t i = 0; i < n->compat_len; i += strlen(n->compat + i) + 1)
		if (strcmp(n->compat + i, want) == 0)
			return true;
	return false;
}

static void node_done(const struct node *n, struct bootinfo *bi)
{
	uint64_t base = n->reg_len >= 16 ? be64(n->reg) : 0;
	uint64_t size = n->reg_len >= 16 ? be64(n->reg + 8) : 0;

	if (n->is_cpu) {
		/* /cpus has one address cell: reg is the hart id */
		if (n->reg_len == 4 && n->has_mmu && !n->disabled && bi->nharts < NCPU)
			bi->harts[bi->nharts++] = be32(n->reg);
	} else if (n->is_memory && !bi->mem_size) {
		bi->mem_base = base;
		bi->mem_size = size;
	} else if (compatible(n, "ns16550a") && !bi->uart) {
		bi->uart = base;
		if (n->has_irq)
			bi->uart_irq = n->irq;
	} else if (compatible(n, "riscv,plic0") || compatible(n, "sifive,plic-1.0.0")) {
		bi->plic = base;
	} else if (compatible(n, "google,goldfish-rtc")) {
		bi->rtc = base;
	} else if (compatible(n, "virtio,mmio") && bi->nvirtio < VIRTIO_MMIO_SLOTS) {
		bi->virtio[bi->nvirtio].base = base;
		bi->virtio[bi->nvirtio].irq = n->irq;
		bi->nvirtio++;
	}
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
	} else if (strcmp(pname, "device_type") == 0) {
		n->is_memory = strcmp((const char *)val, "memory") == 0;
		n->is_cpu = strcmp((const char *)val, "cpu") == 0;
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
			node_done(&stack[depth--], bi);
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			if (depth >= 0)
				node_prop(&stack[depth], strings + nameoff, p + 8, len, bi);
			p += 8 + ((len + 3) & ~3u);
		} else if (tok == FDT_END) {
			return 0;
		} else if (tok != FDT_NOP) {
			return -EINVAL;
		}
	}
	return -EINVAL;
}
