/*
 * Host unit tests of os/sd_proto.c: the CRC7 of command frames and the
 * CRC16 of data blocks against the values the SD specification and the
 * CRC catalogue give, and card sizes from CSD registers of both
 * versions. Ends with "sd: N passed, N failed".
 */
#include <stdio.h>
#include <string.h>
#include "dev/sd_proto.h"

static int passed, failed;

static void check(const char *what, unsigned long got, unsigned long want)
{
	if (got == want) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: got 0x%lx, expected 0x%lx\n", what, got, want);
	}
}

/* Frames whose last byte is printed in the SD specification and in
 * every SPI-mode driver: the commands a card takes before CRCs are on. */
static void frames(void)
{
	static const struct { uint8_t cmd; uint32_t arg; uint8_t last; } v[] = {
		{ 0, 0, 0x95 },		/* GO_IDLE_STATE */
		{ 8, 0x1aa, 0x87 },	/* SEND_IF_COND, 2.7-3.6 V, pattern 0xaa */
		{ 17, 0, 0x55 },	/* READ_SINGLE_BLOCK 0 */
		{ 55, 0, 0x65 },	/* APP_CMD */
		{ 41, 0x40000000, 0x77 },	/* SD_SEND_OP_COND with HCS */
		{ 58, 0, 0xfd },	/* READ_OCR */
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t f[6];
		char what[64];
		sd_frame(f, v[i].cmd, v[i].arg);
		snprintf(what, sizeof(what), "CMD%u(0x%x) frame's last byte", v[i].cmd, v[i].arg);
		check(what, f[5], v[i].last);
		check("frame's first byte", f[0], 0x40u | v[i].cmd);
	}
	/* The specification's worked example: a CMD17 response 0x11 00 00 09 00 */
	static const uint8_t resp[] = { 0x11, 0x00, 0x00, 0x09, 0x00 };
	check("CRC7 of the spec's R1 example", sd_crc7(resp, 5), 0x33);
	check("CRC7 of nothing", sd_crc7(resp, 0), 0);
}

static void crc16(void)
{
	uint8_t block[SD_BLOCK];

	memset(block, 0xff, sizeof(block));
	check("CRC16 of 512 bytes of 0xff (the spec's example)", sd_crc16(block, 512), 0x7fa1);
	check("CRC16 check value of \"123456789\"",
	      sd_crc16((const uint8_t *)"123456789", 9), 0x31c3);
	memset(block, 0, sizeof(block));
	check("CRC16 of zeroes", sd_crc16(block, 512), 0);
	/* one flipped bit anywhere changes it */
	block[300] = 0x10;
	check("CRC16 sees one bit", sd_crc16(block, 512) != 0, 1);
}

/* Sets CSD bits [hi:lo] (bit 127 = top of byte 0) to v. */
static void put_bits(uint8_t csd[16], int hi, int lo, uint32_t v)
{
	for (int b = lo; b <= hi; b++, v >>= 1) {
		uint8_t m = (uint8_t)(1u << (b % 8));
		csd[15 - b / 8] = (v & 1) ? csd[15 - b / 8] | m : csd[15 - b / 8] & ~m;
	}
}

static void csd(void)
{
	uint8_t c[16];

	/* SDSC, 64 MiB: READ_BL_LEN 9, C_SIZE 255, C_SIZE_MULT 7 */
	memset(c, 0, 16);
	put_bits(c, 83, 80, 9);
	put_bits(c, 73, 62, 255);
	put_bits(c, 49, 47, 7);
	check("CSD v1 64 MiB, 512-byte blocks", sd_csd_sectors(c), 131072);
	/* the same size in 1024-byte blocks */
	put_bits(c, 83, 80, 10);
	put_bits(c, 73, 62, 127);
	check("CSD v1 64 MiB, 1024-byte blocks", sd_csd_sectors(c), 131072);
	/* SDSC's largest: 2 GiB with 1024-byte blocks, C_SIZE 4095 */
	put_bits(c, 73, 62, 4095);
	check("CSD v1 2 GiB", sd_csd_sectors(c), 4194304);
	put_bits(c, 83, 80, 12);
	check("CSD v1 with READ_BL_LEN 12 is refused", sd_csd_sectors(c), 0);
	/* SDHC, 4 GiB: C_SIZE 8191 units of 512 KiB */
	memset(c, 0, 16);
	put_bits(c, 127, 126, 1);
	put_bits(c, 69, 48, 8191);
	check("CSD v2 4 GiB", sd_csd_sectors(c), 8388608);
	check("CSD v2 byte 0", c[0], 0x40);
	/* an 8 GB SDHC card's CSD as cards lay it out (C_SIZE 0x3b37) */
	static const uint8_t real[16] = { 0x40, 0x0e, 0x00, 0x32, 0x5b, 0x59, 0x00, 0x00,
					  0x3b, 0x37, 0x7f, 0x80, 0x0a, 0x40, 0x00, 0x8b };
	check("CSD v2 of an 8 GB card", sd_csd_sectors(real), (0x3b37ull + 1) * 1024);
	put_bits(c, 127, 126, 2);
	check("CSD version 3 is refused", sd_csd_sectors(c), 0);
}

int main(void)
{
	frames();
	crc16();
	csd();
	printf("sd: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
