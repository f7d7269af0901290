/* CRCs, command frames and the CSD's size fields of SD cards (sd_proto.h). */
#include "dev/sd_proto.h"

uint8_t sd_crc7(const uint8_t *p, size_t n)
{
	uint8_t crc = 0;	/* kept in the low 7 bits */

	for (size_t i = 0; i < n; i++) {
		for (int bit = 7; bit >= 0; bit--) {
			int in = (p[i] >> bit) & 1;
			int top = (crc >> 6) & 1;
			crc = (uint8_t)((crc << 1) & 0x7f);
			if (in ^ top)
				crc ^= 0x09;	/* x^3 + 1 */
		}
	}
	return crc;
}

uint16_t sd_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;

	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int bit = 0; bit < 8; bit++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

void sd_frame(uint8_t out[6], uint8_t cmd, uint32_t arg)
{
	out[0] = 0x40 | (cmd & 0x3f);	/* start bit 0, transmission bit 1 */
	out[1] = (uint8_t)(arg >> 24);
	out[2] = (uint8_t)(arg >> 16);
	out[3] = (uint8_t)(arg >> 8);
	out[4] = (uint8_t)arg;
	out[5] = (uint8_t)(sd_crc7(out, 5) << 1 | 1);	/* end bit 1 */
}

/* Bits [hi:lo] of the CSD, numbered as the spec does: bit 127 is the
 * top bit of byte 0. */
static uint32_t csd_bits(const uint8_t csd[16], int hi, int lo)
{
	uint32_t v = 0;

	for (int b = hi; b >= lo; b--)
		v = v << 1 | ((csd[15 - b / 8] >> (b % 8)) & 1);
	return v;
}

uint64_t sd_csd_sectors(const uint8_t csd[16])
{
	switch (csd_bits(csd, 127, 126)) {
	case 0: {	/* SDSC: (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN */
		uint32_t bl_len = csd_bits(csd, 83, 80);
		uint32_t c_size = csd_bits(csd, 73, 62);
		uint32_t mult = csd_bits(csd, 49, 47);
		if (bl_len < 9 || bl_len > 11)
			return 0;
		return ((uint64_t)c_size + 1) << (mult + 2 + bl_len - 9);
	}
	case 1:		/* SDHC/SDXC: (C_SIZE + 1) * 512 KiB */
		return ((uint64_t)csd_bits(csd, 69, 48) + 1) * 1024;
	default:
		return 0;
	}
}
