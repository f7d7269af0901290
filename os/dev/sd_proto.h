/*
 * The arithmetic of the SD protocol in SPI mode, apart from any
 * hardware: the CRC7 that ends every command frame, the CRC16 that ends
 * every data block, and the card's size read from its CSD register.
 * Pure C with no kernel includes, so host unit tests check it against
 * known vectors (os/tests/test_sd.c).
 */
#ifndef SD_PROTO_H
#define SD_PROTO_H
#include <stddef.h>
#include <stdint.h>

#define SD_BLOCK 512

/* CRC7 (x^7 + x^3 + 1) of n bytes: the top 7 bits of a frame's last byte. */
uint8_t sd_crc7(const uint8_t *p, size_t n);
/* CRC16-CCITT (x^16 + x^12 + x^5 + 1, initial 0) of n bytes. */
uint16_t sd_crc16(const uint8_t *p, size_t n);
/* The 6-byte frame of command cmd with argument arg: start bits, index,
 * argument big-endian, CRC7 and end bit. */
void sd_frame(uint8_t out[6], uint8_t cmd, uint32_t arg);
/* The card's size in 512-byte sectors from its 16-byte CSD (version 1
 * for SDSC, version 2 for SDHC/SDXC), or 0 if the CSD makes no sense. */
uint64_t sd_csd_sectors(const uint8_t csd[16]);
#endif
