/*
 * The 16550 UART of QEMU virt (ns16550a): output polled, input by
 * interrupt into the console's line discipline. The console's calls
 * pass to uart_sifive.c instead when the tree's console is a SiFive UART.
 */
#include "kern/kern.h"
#include "dev/dev.h"

#define RHR 0	/* receive holding (read) */
#define THR 0	/* transmit holding (write) */
#define IER 1	/* interrupt enable */
#define FCR 2	/* FIFO control */
#define LCR 3	/* line control */
#define LSR 5	/* line status */
#define IER_RX 0x01
#define FCR_ENABLE_CLEAR 0x07
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE 0x20

static volatile uint8_t *uart_base = (uint8_t *)KVA(DEFAULT_UART0);

static inline uint8_t rd(int r) { return uart_base[r]; }
static inline void wr(int r, uint8_t v) { uart_base[r] = v; }

static bool sifive(void) { return bootinfo.uart_kind == UART_SIFIVE; }

void uartinit(uint64_t base)
{
	if (sifive()) {
		sifive_uart_init(base);
		return;
	}
	uart_base = (uint8_t *)KVA(base);
	wr(IER, 0);
	wr(LCR, LCR_DLAB);
	wr(0, 0x03);	/* divisor 3: 38400 baud (QEMU ignores it) */
	wr(1, 0);
	wr(LCR, LCR_8N1);
	wr(FCR, FCR_ENABLE_CLEAR);
	wr(IER, IER_RX);
}

void uart_putc_sync(int c)
{
	if (sifive()) {
		sifive_uart_putc(c);
		return;
	}
	while ((rd(LSR) & LSR_TX_IDLE) == 0)
		;
	wr(THR, (uint8_t)c);
}

/* Called from devintr: hands every waiting byte to the console. */
void uartintr(void)
{
	if (sifive()) {
		sifive_uart_intr();
		return;
	}
	while (rd(LSR) & LSR_RX_READY)
		console_intr(rd(RHR));
}
