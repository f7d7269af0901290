/*
 * The SiFive SPI controller (sifive,spi0) as an SPI master for one
 * device: bytes out and in through its 8-byte FIFOs, polled, each wait
 * bounded by the caller's deadline so a dead bus cannot hang the kernel.
 * Chip select is held for a whole exchange (CSMODE HOLD) and let go
 * between them (AUTO).
 */
#include "kern/kern.h"
#include "dev/dev.h"

#define SCKDIV 0x00
#define CSID 0x10
#define CSDEF 0x14
#define CSMODE 0x18
#define FMT 0x40
#define TXDATA 0x48
#define RXDATA 0x4c
#define IE 0x70
#define FIFO_FULL (1u << 31)	/* TXDATA: full; RXDATA: empty */
#define CSMODE_AUTO 0
#define CSMODE_HOLD 2
#define FMT_8BIT_MSB_FIRST (8u << 16)	/* single lane, MSB first, rx on */
#define FIFO_DEPTH 8

static uint64_t spi_base;

static inline volatile uint32_t *reg(int off) { return (volatile uint32_t *)(KVA(spi_base) + off); }

/*
 * The SPI clock is the bus clock / 2(div + 1). The bus clock is not
 * read from the tree (the PRCI would have to be modelled), so: slow,
 * under 400 kHz at any bus clock up to 800 MHz, while a card is being
 * woken; then fast (div 3: 20 MHz at 160 MHz, within every card's 25).
 */
void spi_set_speed(bool fast) { *reg(SCKDIV) = fast ? 3 : 1023; }

void spi_init(uint64_t base, int cs)
{
	spi_base = base;
	*reg(IE) = 0;
	*reg(CSMODE) = CSMODE_AUTO;
	*reg(CSID) = cs;
	*reg(FMT) = FMT_8BIT_MSB_FIRST;
	spi_set_speed(false);
	for (int i = 0; i < 2 * FIFO_DEPTH; i++)	/* drop what an earlier user left */
		if (*reg(RXDATA) & FIFO_FULL)
			break;
}

void spi_select(bool on) { *reg(CSMODE) = on ? CSMODE_HOLD : CSMODE_AUTO; }

/*
 * Sends n bytes (0xff each if tx is NULL) and keeps the n bytes that
 * come back (if rx is not NULL). -ETIMEDOUT if the controller stops
 * moving bytes before the deadline (in rdtime ticks).
 */
int spi_xfer(const uint8_t *tx, uint8_t *rx, size_t n, uint64_t deadline)
{
	while (n > 0) {
		size_t k = MIN(n, (size_t)FIFO_DEPTH);
		for (size_t i = 0; i < k; i++) {
			while (*reg(TXDATA) & FIFO_FULL)
				if (r_time() > deadline)
					return -ETIMEDOUT;
			*reg(TXDATA) = tx ? tx[i] : 0xff;
		}
		for (size_t i = 0; i < k; i++) {
			uint32_t v;
			while ((v = *reg(RXDATA)) & FIFO_FULL)
				if (r_time() > deadline)
					return -ETIMEDOUT;
			if (rx)
				rx[i] = (uint8_t)v;
		}
		n -= k;
		if (tx)
			tx += k;
		if (rx)
			rx += k;
	}
	return 0;
}
