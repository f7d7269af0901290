/* The platform-level interrupt controller: routes device IRQs to harts. */
#include "defs.h"

#define PLIC KVA(bootinfo.plic)
#define PLIC_PRIORITY(irq) (PLIC + 4 * (irq))
#define PLIC_SENABLE(ctx) (PLIC + 0x2000 + 0x80 * (ctx))
#define PLIC_STHRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_SCLAIM(ctx) (PLIC + 0x200004 + 0x1000 * (ctx))

static inline volatile uint32_t *reg(uint64_t a) { return (volatile uint32_t *)a; }

/* QEMU virt gives each hart an M-mode then an S-mode context. */
static int scontext(void) { return 2 * (int)mycpu()->hartid + 1; }

void plicinit(void)
{
	*reg(PLIC_PRIORITY(bootinfo.uart_irq)) = 1;
	for (int i = 0; i < bootinfo.nvirtio; i++)
		*reg(PLIC_PRIORITY(bootinfo.virtio[i].irq)) = 1;
}

/*
 * Device interrupts go to the boot hart only. Enabled on every hart,
 * each interrupt would wake every idle hart, to find all but one of them
 * losing the claim; the boot hart is always online, and an idle one
 * runs the process the interrupt wakes itself.
 */
void plicinithart(void)
{
	int ctx = scontext();
	uint32_t mask = 0;

	if (cpuid() == 0) {
		mask = 1u << bootinfo.uart_irq;
		for (int i = 0; i < bootinfo.nvirtio; i++)
			mask |= 1u << bootinfo.virtio[i].irq;
	}
	*reg(PLIC_SENABLE(ctx)) = mask;
	*reg(PLIC_STHRESHOLD(ctx)) = 0;
}

int plic_claim(void) { return *reg(PLIC_SCLAIM(scontext())); }
void plic_complete(int irq) { *reg(PLIC_SCLAIM(scontext())) = irq; }
