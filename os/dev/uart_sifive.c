/*
 * The SiFive UART (sifive,uart0) of sifive_u: output polled, input by
 * the receive-watermark interrupt into the console's line discipline.
 */
#include "kern/kern.h"
#include "dev/dev.h"

#define TXDATA 0x00
#define RXDATA 0x04
#define TXCTRL 0x08
#define RXCTRL 0x0c
#define IE 0x10
#define FIFO_FLAG (1u << 31)	/* TXDATA: full; RXDATA: empty */
#define CTRL_ENABLE 1		/* watermark count (bits 16-18) 0 */
#define IE_RXWM 2		/* pending while the receive FIFO holds more than 0 */

static uint64_t base;

static inline volatile uint32_t *reg(int off) { return (volatile uint32_t *)(KVA(base) + off); }

void sifive_uart_init(uint64_t b)
{
	base = b;
	*reg(TXCTRL) = CTRL_ENABLE;
	*reg(RXCTRL) = CTRL_ENABLE;
	*reg(IE) = IE_RXWM;
}

void sifive_uart_putc(int c)
{
	while (*reg(TXDATA) & FIFO_FLAG)
		;
	*reg(TXDATA) = (uint8_t)c;
}

void sifive_uart_intr(void)
{
	uint32_t v;

	while (!((v = *reg(RXDATA)) & FIFO_FLAG))
		console_intr((uint8_t)v);
}
