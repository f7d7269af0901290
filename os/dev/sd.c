/*
 * An SD card in SPI mode (an mmc-spi-slot on a sifive,spi0 controller),
 * as disk mmcblk0. Polled: every wait has a time limit, so a missing or
 * dead card gives EIO and one log line, never a hang.
 *
 * Power-up follows the SD specification's SPI-mode flow: 74+ clocks with
 * the card deselected, CMD0 (to idle, SPI mode), CMD8 (voltage and check
 * pattern: a version 2 card), CMD59 (CRCs checked from then on), ACMD41
 * with HCS until the card leaves idle, CMD58 (OCR: CCS tells block from
 * byte addressing), CMD16 (512-byte blocks, for byte-addressed SDSC) and
 * CMD9 (CSD: the size). Data moves with CMD17/CMD18+CMD12 and
 * CMD24/CMD25+stop token, every block with its CRC16.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "dev/sd_proto.h"

_Static_assert(SD_BLOCK == SECTOR_SIZE, "a card's block is a disk sector");

#define R1_IDLE 0x01
#define R1_ILLEGAL 0x04
#define TOKEN_SINGLE 0xfe	/* starts a read block, and a CMD24 block */
#define TOKEN_MULTI_WRITE 0xfc
#define TOKEN_STOP_TRAN 0xfd
#define DATA_ACCEPTED 0x05	/* data response, low 5 bits */
#define OCR_POWERED_UP (1u << 31)
#define OCR_CCS (1u << 30)
#define NCR_MAX 16		/* bytes before a response must start (spec: 8) */
/* Time limits, in ms: the specification's, with room to spare. */
#define T_BYTE 10		/* for the controller to move any byte */
#define T_READ 200		/* a data token (spec: 100) */
#define T_BUSY 1000		/* a write's busy (spec: 250 SDSC, 500 SDHC) */
#define T_INIT 1000		/* ACMD41 until ready (spec: 1 s) */

static struct {
	struct sleeplock lock;	/* one exchange on the bus at a time */
	uint64_t spi;		/* the controller's address, for messages */
	bool block_addr;	/* SDHC/SDXC: arguments are block numbers */
	uint64_t nsect;
} card;

static uint64_t deadline(int ms) { return r_time() + bootinfo.timebase * ms / 1000; }

static int xfer(const uint8_t *tx, uint8_t *rx, size_t n)
{
	return spi_xfer(tx, rx, n, deadline(T_BYTE + n / 64));
}

static int get_byte(uint8_t *b) { return xfer(NULL, b, 1); }

/* Reads bytes until one is not 0xff (the card's "nothing yet"). */
static int wait_byte(uint8_t *b, int ms)
{
	uint64_t end = deadline(ms);
	int err;

	do {
		if ((err = get_byte(b)) < 0)
			return err;
		if (*b != 0xff)
			return 0;
	} while (r_time() < end);
	return -ETIMEDOUT;
}

/* Reads bytes until the card stops holding the line low (busy). */
static int wait_ready(int ms)
{
	uint64_t end = deadline(ms);
	uint8_t b;
	int err;

	do {
		if ((err = get_byte(&b)) < 0)
			return err;
		if (b == 0xff)
			return 0;
	} while (r_time() < end);
	return -ETIMEDOUT;
}

/* The R1 byte that starts a response: the first with its top bit clear. */
static int response(uint8_t *r1)
{
	for (int i = 0; i < NCR_MAX; i++) {
		int err = get_byte(r1);
		if (err < 0)
			return err;
		if (!(*r1 & 0x80))
			return 0;
	}
	return -ETIMEDOUT;
}

/*
 * Sends a command frame (card selected) and returns its R1 in *r1.
 * First the card must be ready: the line high, which also gives it the
 * clocks it needs after its last response before the next frame.
 */
static int command(uint8_t cmd, uint32_t arg, uint8_t *r1)
{
	uint8_t f[6];
	int err = wait_ready(T_BUSY);

	if (err < 0)
		return err;
	sd_frame(f, cmd, arg);
	if ((err = xfer(f, NULL, 6)) < 0)
		return err;
	return response(r1);
}

static int app_command(uint8_t cmd, uint32_t arg, uint8_t *r1)
{
	int err = command(55, 0, r1);
	if (err < 0 || (*r1 & ~R1_IDLE))
		return err;
	return command(cmd, arg, r1);
}

/* The four bytes after R1 in an R3 (OCR) or R7 response, big-endian. */
static int response_word(uint32_t *w)
{
	uint8_t b[4];
	int err = xfer(NULL, b, 4);

	*w = (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return err;
}

/* A data block from the card: start token, n bytes, CRC16 checked. */
static int read_data(uint8_t *buf, size_t n)
{
	uint8_t tok, crc[2];
	int err = wait_byte(&tok, T_READ);

	if (err < 0)
		return err;
	if (tok != TOKEN_SINGLE) {
		klog("sd: error token 0x%02x instead of data", tok);
		return -EIO;
	}
	if ((err = xfer(NULL, buf, n)) < 0 || (err = xfer(NULL, crc, 2)) < 0)
		return err;
	uint16_t want = (uint16_t)(crc[0] << 8 | crc[1]), got = sd_crc16(buf, n);
	if (want != got) {
		klog("sd: data CRC16 0x%04x, the card sent 0x%04x", got, want);
		return -EIO;
	}
	return 0;
}

/* A data block to the card: token, 512 bytes, CRC16; then its verdict
 * and the busy time while it programs. */
static int write_data(const uint8_t *buf, uint8_t token)
{
	uint16_t crc = sd_crc16(buf, SD_BLOCK);
	uint8_t head[2] = { 0xff, token }, tail[2] = { crc >> 8, crc & 0xff }, resp;
	int err;

	if ((err = xfer(head, NULL, 2)) < 0 || (err = xfer(buf, NULL, SD_BLOCK)) < 0 ||
	    (err = xfer(tail, NULL, 2)) < 0 || (err = wait_byte(&resp, T_BYTE)) < 0)
		return err;
	if ((resp & 0x1f) != DATA_ACCEPTED) {
		klog("sd: block refused, data response 0x%02x (%s)", resp,
		     (resp & 0x1f) == 0x0b ? "CRC error" : "write error");
		return -EIO;
	}
	return wait_ready(T_BUSY);
}

static void deselect(void)
{
	spi_select(false);
	get_byte(&(uint8_t){ 0 });	/* 8 clocks: the card lets go of its output */
}

/* CMD12 ends a multi-block read: a stuff byte follows the frame, then
 * R1, then busy. */
static int stop_read(void)
{
	uint8_t f[6], r1;

	sd_frame(f, 12, 0);
	int err = xfer(f, NULL, 6);
	if (err == 0)
		err = get_byte(&r1);
	if (err == 0)
		err = response(&r1);
	return err < 0 ? err : wait_ready(T_BUSY);
}

static int read_blocks(uint32_t arg, uint32_t count, uint8_t *buf)
{
	uint8_t r1;
	int err = command(count == 1 ? 17 : 18, arg, &r1);

	if (err < 0)
		return err;
	if (r1 != 0)
		return -EIO;
	for (uint32_t i = 0; i < count && err == 0; i++)
		err = read_data(buf + i * SD_BLOCK, SD_BLOCK);
	if (count > 1) {
		int e = stop_read();
		err = err ? err : e;
	}
	return err;
}

static int write_blocks(uint32_t arg, uint32_t count, const uint8_t *buf)
{
	uint8_t r1;
	int err = command(count == 1 ? 24 : 25, arg, &r1);

	if (err < 0)
		return err;
	if (r1 != 0)
		return -EIO;
	if (count == 1)
		return write_data(buf, TOKEN_SINGLE);
	for (uint32_t i = 0; i < count && err == 0; i++)
		err = write_data(buf + i * SD_BLOCK, TOKEN_MULTI_WRITE);
	/* the stop token ends the transfer even after a refused block */
	uint8_t stop[2] = { TOKEN_STOP_TRAN, 0xff };
	int e = xfer(stop, NULL, 2);
	if (e == 0)
		e = wait_ready(T_BUSY);
	return err ? err : e;
}

/* The disk's rw (disk.c): count sectors at lba, one exchange. */
static int sd_rw(int unit, uint64_t lba, uint32_t count, void *buf, bool write)
{
	if (lba > card.nsect || count > card.nsect - lba)
		return -EIO;
	if (count == 0)
		return 0;
	uint32_t arg = card.block_addr ? (uint32_t)lba : (uint32_t)(lba * SD_BLOCK);
	acquiresleep(&card.lock);
	spi_select(true);
	int err = write ? write_blocks(arg, count, buf) : read_blocks(arg, count, buf);
	deselect();
	releasesleep(&card.lock);
	if (err < 0) {
		klog("sd: %s of %u sectors at %lu failed (%s)", write ? "write" : "read",
		     count, lba, err == -ETIMEDOUT ? "the card did not answer in time" : "error");
		return -EIO;
	}
	return 0;
}

/* CMD0 until the card is idle in SPI mode (it may be mid-transfer from
 * an earlier boot: a few tries). */
static int go_idle(void)
{
	uint8_t r1 = 0xff;
	int err = -ETIMEDOUT;

	for (int i = 0; i < 8 && !(err == 0 && r1 == R1_IDLE); i++) {
		spi_select(true);
		err = command(0, 0, &r1);
		deselect();
	}
	if (err < 0) {
		kprintf("sd: no card answers on the SPI bus at %p (CMD0: no response)",
		     (void *)card.spi);
		return -EIO;
	}
	if (r1 != R1_IDLE) {
		kprintf("sd: CMD0 answered 0x%02x, not idle: is there a card in the slot?", r1);
		return -EIO;
	}
	return 0;
}

/* CMD8: a version 2 card echoes voltage and pattern; a version 1 card
 * calls the command illegal. QEMU 7.2's card answers with R1 alone (no
 * echo: 0xff bytes follow), as a version 1 card would: taken as one. */
static int check_voltage(bool *v2)
{
	uint8_t r1;
	uint32_t echo;
	int err = command(8, 0x1aa, &r1);

	if (err < 0)
		return err;
	*v2 = !(r1 & R1_ILLEGAL);
	if (!*v2)
		return 0;
	if ((err = response_word(&echo)) < 0)
		return err;
	if (echo == 0xffffffff) {
		*v2 = false;
		return 0;
	}
	if ((echo & 0xfff) != 0x1aa) {
		kprintf("sd: CMD8 echoed 0x%x, not 0x1aa: the card does not take 3.3 V", echo);
		return -EIO;
	}
	return 0;
}

/* ACMD41 (with HCS for a version 2 card) until the card leaves idle. */
static int wake(bool v2)
{
	uint64_t end = deadline(T_INIT);
	uint8_t r1;
	int err;

	do {
		if ((err = app_command(41, v2 ? 1u << 30 : 0, &r1)) < 0)
			return err;
		if (r1 == 0)
			return 0;
		if (r1 & ~R1_IDLE) {
			kprintf("sd: ACMD41 answered 0x%02x", r1);
			return -EIO;
		}
	} while (r_time() < end);
	kprintf("sd: the card stayed busy in ACMD41 for %d ms", T_INIT);
	return -EIO;
}

/* CMD58: block addressing if the powered-up card says CCS. */
static int read_ocr(void)
{
	uint8_t r1;
	uint32_t ocr;
	int err = command(58, 0, &r1);

	if (err == 0 && (err = response_word(&ocr)) == 0)
		card.block_addr = (ocr & OCR_POWERED_UP) && (ocr & OCR_CCS);
	return err;
}

/* CMD9: the CSD arrives as a 16-byte data block. */
static int read_size(void)
{
	uint8_t r1, csd[16];
	int err = command(9, 0, &r1);

	if (err == 0 && r1 != 0)
		err = -EIO;
	if (err == 0)
		err = read_data(csd, sizeof(csd));
	if (err < 0)
		return err;
	card.nsect = sd_csd_sectors(csd);
	if (card.nsect == 0) {
		kprintf("sd: the card's CSD gives no size (first byte 0x%02x)", csd[0]);
		return -EIO;
	}
	return 0;
}

/* Steps after CMD0, the card selected throughout. */
static int setup(bool *v2)
{
	uint8_t r1;
	int err;

	if ((err = check_voltage(v2)) < 0)
		return err;
	/* CRCs on: the card checks every frame and block we send from now on */
	if ((err = command(59, 1, &r1)) < 0)
		return err;
	if (r1 & ~R1_IDLE)
		klog("sd: the card refused CMD59 (0x%02x): its CRC checks stay off", r1);
	if ((err = wake(*v2)) < 0)
		return err;
	if (*v2 && (err = read_ocr()) < 0)
		return err;
	if (!card.block_addr && ((err = command(16, SD_BLOCK, &r1)) < 0 || r1 != 0))
		return err < 0 ? err : -EIO;
	if ((err = read_size()) < 0)
		return err;
	if (!card.block_addr && card.nsect > UINT32_MAX / SD_BLOCK) {
		kprintf("sd: a byte-addressed card of %lu sectors", card.nsect);
		return -EIO;
	}
	return 0;
}

/*
 * Wakes the card in the slot (chip select cs) of the SPI controller at
 * spi and makes it a disk; a clear log line and -EIO if there is none
 * or it does not behave.
 */
int sd_init(uint64_t spi, int cs)
{
	bool v2 = false;
	int err;

	initsleeplock(&card.lock, "sd", SLEEP_SD);
	card.spi = spi;
	spi_init(spi, cs);
	/* 74 clocks or more with the card deselected: it enters its native mode */
	spi_select(false);
	xfer(NULL, NULL, 10);
	if ((err = go_idle()) < 0)
		return err;
	spi_select(true);
	err = setup(&v2);
	deselect();
	if (err < 0) {
		kprintf("sd: card setup failed (%s)",
		     err == -ETIMEDOUT ? "no answer in time" : "refused");
		return -EIO;
	}
	spi_set_speed(true);
	klog("sd: mmcblk0 on SPI at %p: %s card, %lu sectors (%lu MiB), %s addresses",
	     (void *)spi, v2 ? (card.block_addr ? "SDHC" : "SD v2") : "SD v1",
	     card.nsect, card.nsect >> 11, card.block_addr ? "block" : "byte");
	return disk_add("mmcblk0", MMC_MAJOR << 8, card.nsect, false, 0, sd_rw, NULL);
}
