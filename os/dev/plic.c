/* The platform-level interrupt controller: routes device IRQs to harts. */
#include "kern/kern.h"
#include "dev/dev.h"

#define PLIC KVA(bootinfo.plic)
#define PLIC_PRIORITY(irq) (PLIC + 4 * (irq))
#define PLIC_SENABLE(ctx, irq) (PLIC + 0x2000 + 0x80 * (ctx) + 4 * ((irq) / 32))
#define PLIC_STHRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_SCLAIM(ctx) (PLIC + 0x200004 + 0x1000 * (ctx))
#define PLIC_MAX_IRQ 1023

static inline volatile uint32_t *reg(uint64_t a) { return (volatile uint32_t *)a; }

/*
 * This hart's S-mode context, as the device tree's interrupts-extended
 * gives it (on sifive_u hart 0 has an M-mode context only); without
 * that, QEMU virt's layout: an M-mode then an S-mode context a hart.
 */
static int scontext(void)
{
	uint64_t h = mycpu()->hartid;

	if (h < NHARTID && bootinfo.plic_sctx[h] >= 0)
		return bootinfo.plic_sctx[h];
	return 2 * (int)h + 1;
}

static void enable(int ctx, uint64_t irq)
{
	if (irq > 0 && irq <= PLIC_MAX_IRQ)
		*reg(PLIC_SENABLE(ctx, irq)) |= 1u << (irq % 32);
}

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

	for (int irq = 0; irq <= PLIC_MAX_IRQ; irq += 32)
		*reg(PLIC_SENABLE(ctx, irq)) = 0;
	if (cpuid() == 0) {
		enable(ctx, bootinfo.uart_irq);
		for (int i = 0; i < bootinfo.nvirtio; i++)
			enable(ctx, bootinfo.virtio[i].irq);
	}
	*reg(PLIC_STHRESHOLD(ctx)) = 0;
}

int plic_claim(void) { return *reg(PLIC_SCLAIM(scontext())); }
void plic_complete(int irq) { *reg(PLIC_SCLAIM(scontext())) = irq; }
