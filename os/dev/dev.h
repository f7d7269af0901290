/*
 * Devices: what the device tree describes (fdt.c), the clock and the
 * random source, the console and its UARTs, the PLIC, the disks and the
 * block layer over them. Drivers know nothing of files or processes'
 * state beyond sleeping on a request.
 */
#ifndef DEV_DEV_H
#define DEV_DEV_H
#include "kern/types.h"
#include "kern/param.h"

struct spinlock;

/* Every disk's sector: the unit of lba and count throughout the block
 * layer (virtio-blk's, the SD card's block, FAT's sector). */
#define SECTOR_SIZE 512

/* clock.c */
struct civil {
	int year, month, day, hour, min, sec;
};
uint64_t monotonic_ns(void);
uint64_t realtime_ns(void);
uint64_t realtime_to_monotonic(uint64_t real_ns);
void clock_init(void);
void unix_to_civil(int64_t secs, struct civil *c);
int64_t civil_to_unix(const struct civil *c);

/* random.c */
void random_bytes(void *dst, size_t n);

/* fdt.c */
int fdt_parse(const void *dtb, struct bootinfo *bi);

/* uart.c, uart_sifive.c: the UARTs (kinds in kern/bootinfo.h) */
void uartinit(uint64_t base);
void sifive_uart_init(uint64_t base);
void sifive_uart_putc(int c);
void sifive_uart_intr(void);
void uart_putc_sync(int c);
void uartintr(void);

/* tty.c: the console's tty (termios, the line discipline, its session) */
struct termios;
struct winsize;
void consoleinit(void);
void console_write_kernel(const char *, size_t);
ssize_t console_write(uint64_t src, size_t n, bool user_src);
ssize_t console_read(uint64_t dst, size_t n, bool user_dst, bool nonblock);
int console_poll(void);
void console_intr(int c);
int console_get_pgrp(void);
void console_set_pgrp(int pgid);
void tty_get_termios(struct termios *t);
void tty_set_termios(const struct termios *t, bool flush);
void tty_flush(int queue);
void tty_flow(int action);
int tty_inq(void);
void tty_get_winsize(struct winsize *ws);
void tty_set_winsize(const struct winsize *ws);
int tty_session(void);
bool tty_attach(int sid, int pgrp, bool steal);
void tty_detach(int sid);

/* plic.c */
void plicinit(void);
void plicinithart(void);
int plic_claim(void);
void plic_complete(int irq);

/* One buffer of a vectored disk transfer: len bytes, a multiple of SECTOR_SIZE,
 * in the kernel's direct map of RAM (physically contiguous). A vectored
 * read takes at most BVEC_MAX of them (16 pages: 64 KiB). bread_bytes
 * fills buffers of any lengths. */
#define BVEC_MAX 16
struct bvec {
	void *buf;
	uint32_t len;
};

/* virtio_blk.c */
int virtio_blk_init(uint64_t base, int irq);
int virtio_blk_rw(int disk, uint64_t lba, uint32_t count, void *buf, bool write);
int virtio_blk_rwv(int disk, uint64_t lba, const struct bvec *v, int nv, bool write);
bool virtio_blk_intr(int irq);

/* disk.c */
typedef int (*disk_rw_fn)(int unit, uint64_t lba, uint32_t count, void *buf, bool write);
typedef int (*disk_rwv_fn)(int unit, uint64_t lba, const struct bvec *v, int nv, bool write);
int disk_add(const char *name, uint64_t devno, uint64_t nsect, bool read_only,
	     int unit, disk_rw_fn rw, disk_rwv_fn rwv);
int disk_count(void);
uint64_t disk_capacity(int n);
bool disk_read_only(int n);
const char *disk_name(int n);
uint64_t disk_devno(int n);
int disk_io(int n, uint64_t lba, uint32_t count, void *buf, bool write);
int disk_iov(int n, uint64_t lba, const struct bvec *v, int nv, bool write);

/* spi_sifive.c, sd.c */
void spi_init(uint64_t base, int cs);
void spi_set_speed(bool fast);
void spi_select(bool on);
int spi_xfer(const uint8_t *tx, uint8_t *rx, size_t n, uint64_t deadline);
int sd_init(uint64_t spi, int cs);

/* bio.c */
void binit(void);
int bread_vec(int disk, uint64_t lba, const struct bvec *v, int nv);
#define READ_AHEAD_ANY 0xFFFFFFFFu	/* bread_sectors: the reader cannot tell */
#define READAHEAD_SECTORS 128	/* what a missed small read brings; bread_bytes' most */
int bread_sectors(int disk, uint64_t lba, uint32_t count, void *buf, uint32_t ahead);
int bread_bytes(int disk, uint64_t lba, uint32_t skip, const struct bvec *v, int nv,
		uint32_t ahead);
int bwrite_sectors(int disk, uint64_t lba, uint32_t count, const void *buf);
int bflush(void);
int bread_raw(int disk, uint64_t lba, uint32_t count, void *dst);
/* Block-layer counters, readable from user space with blkstats(2), ours
 * (struct blkstats in uapi/ours.h). */
extern struct blkstats bstats;
int bstats_copy(struct blkstats *out);

/* bdev.c */
/* A block device (bdev.c): a disk or a partition of it, a window of
 * sectors on the disk. Made at boot, never changed. */
struct bdev {
	char name[12];		/* vda, vdb1, mmcblk0p1 ...: /dev/NAME */
	int disk;		/* virtio_blk's number */
	int part;		/* 0: the whole disk; 1-4: its MBR entry */
	uint64_t start, nsect;	/* on the disk */
};

void bdev_probe(void);
struct bdev *bdev_find(const char *abspath);
struct bdev *bdev_get(int i);
bool bdev_overlap(const struct bdev *a, const struct bdev *b);
bool bdev_read_only(const struct bdev *b);
uint64_t bdev_devno(const struct bdev *b);
int bdev_read(struct bdev *b, uint64_t lba, uint32_t count, void *buf, uint32_t ahead);
int bdev_read_vec(struct bdev *b, uint64_t lba, const struct bvec *v, int nv);
int bdev_read_bytes(struct bdev *b, uint64_t lba, uint32_t skip, const struct bvec *v,
		    int nv, uint32_t ahead);
int bdev_write(struct bdev *b, uint64_t lba, uint32_t count, const void *buf);
int bdev_read_raw(struct bdev *b, uint64_t lba, uint32_t count, void *buf);
#endif
