/*
 * devfs: /dev as Linux's devtmpfs has it. The character devices' types,
 * modes and numbers (st_rdev), what null, zero, full and urandom read
 * and write, the console as a terminal (isatty on /dev/tty), the RTC's
 * RTC_RD_TIME, the root's disk (/dev/vda, or /dev/mmcblk0 on sifive_u)
 * read raw and refused for writing (EROFS), the
 * listing and statfs of /dev. Under Linux (qemu-riscv64, a container)
 * the devices a container lacks or keeps from its users say so, and
 * devfs.linux.out has those lines.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"
#include "linux/rtc.h"

#define TMPFS_MAGIC 0x01021994
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413

static unsigned dev_major(unsigned long rdev) { return (rdev >> 8) & 0xfff; }
static unsigned dev_minor(unsigned long rdev) { return (rdev & 0xff) | ((rdev >> 12) & ~0xffUL); }

struct lstatfs {		/* Linux's struct statfs on riscv64 */
	long f_type, f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};

static void numbers(void)
{
	static const struct {
		const char *path;
		unsigned mode, major, minor;
	} devs[] = {
		{ "/dev/null", 0666, 1, 3 },   { "/dev/zero", 0666, 1, 5 },
		{ "/dev/full", 0666, 1, 7 },   { "/dev/random", 0666, 1, 8 },
		{ "/dev/urandom", 0666, 1, 9 }, { "/dev/tty", 0666, 5, 0 },
		{ "/dev/console", 0600, 5, 1 },
	};
	struct kstat st;
	char what[64];

	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		snprintf(what, sizeof(what), "stat %s", devs[i].path);
		check_long(what, kfstatat(AT_FDCWD, devs[i].path, &st, 0), 0);
		snprintf(what, sizeof(what), "%s: S_IFCHR, mode %04o, %u,%u", devs[i].path,
			 devs[i].mode, devs[i].major, devs[i].minor);
		check_long(what, S_ISCHR(st.st_mode) && (st.st_mode & 07777) == devs[i].mode &&
				 dev_major(st.st_rdev) == devs[i].major &&
				 dev_minor(st.st_rdev) == devs[i].minor, 1);
	}
}

static int all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static void null_zero_full_random(void)
{
	static unsigned char buf[8192], again[64];
	int fd = open("/dev/null", O_RDWR);

	check_long("read /dev/null", read(fd, buf, sizeof(buf)), 0);
	check_long("write /dev/null", write(fd, buf, sizeof(buf)), sizeof(buf));
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0xa5, sizeof(buf));
	check_long("read /dev/zero", read(fd, buf, sizeof(buf)), sizeof(buf));
	check_long("zeros", all_zero(buf, sizeof(buf)), 1);
	check_long("write /dev/zero", write(fd, buf, 100), 100);
	close(fd);
	fd = open("/dev/full", O_RDWR);
	check_errno("write /dev/full", write(fd, buf, 1), ENOSPC);
	memset(buf, 1, 16);
	check_long("read /dev/full", read(fd, buf, 16) == 16 && all_zero(buf, 16), 1);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	check_long("read /dev/urandom", read(fd, buf, 64), 64);
	check_long("again", read(fd, again, 64), 64);
	check_long("not zeros, and not the same twice",
		   !all_zero(buf, 64) && memcmp(buf, again, 64) != 0, 1);
	close(fd);
	fd = open("/dev/random", O_RDONLY);
	check_long("read /dev/random", read(fd, buf, 16), 16);
	close(fd);
	check_errno("a device not there", open("/dev/nothing", O_RDONLY), ENOENT);
}

/* isatty's test: the terminal ioctl TCGETS answers (the kernel's
 * struct termios is 36 bytes). */
static int is_tty(int fd)
{
	unsigned char t[64];

	return ioctl(fd, TCGETS, t) == 0;
}

static void terminal(void)
{
	unsigned short ws[4];
	int fd = open("/dev/null", O_RDONLY);

	check_long("isatty /dev/null", is_tty(fd), 0);
	check_errno("TCGETS on /dev/null", ioctl(fd, TCGETS, ws), ENOTTY);
	close(fd);
	if ((fd = open("/dev/tty", O_RDWR)) < 0 && errno == ENXIO) {
		printf("no controlling terminal here (ENXIO)\n");
		return;
	}
	check_long("isatty /dev/tty", is_tty(fd), 1);
	check_long("its window size", ioctl(fd, TIOCGWINSZ, ws) == 0 && ws[0] > 0 && ws[1] > 0, 1);
	close(fd);
}

static void rtc(void)
{
	struct rtc_time t;
	int fd = open("/dev/rtc0", O_RDONLY);

	if (fd < 0 && errno == ENOENT) {
		printf("no /dev/rtc0 here\n");
		return;
	}
	check_long("RTC_RD_TIME", ioctl(fd, RTC_RD_TIME, &t), 0);
	/* sifive_u has no RTC to set the wall clock from: 1970 there */
	check_long("a time in range", t.tm_year >= 70 && t.tm_mon >= 0 && t.tm_mon < 12 &&
					       t.tm_mday >= 1 && t.tm_mday <= 31 && t.tm_hour < 24,
		   1);
	check_errno("an ioctl it lacks", ioctl(fd, TCGETS, &t), ENOTTY);
	close(fd);
}

/* The root's disk: virtio's vda (254,0), or sifive_u's SD card (179,0). */
static const char *root_disk(unsigned *major)
{
	struct kstat st;

	*major = 254;
	if (kfstatat(AT_FDCWD, "/dev/vda", &st, 0) == 0)
		return "/dev/vda";
	*major = 179;
	return "/dev/mmcblk0";
}

static void disk(void)
{
	static unsigned char sec[4096] __attribute__((aligned(4096)));
	struct kstat st;
	unsigned major;
	const char *path = root_disk(&major);

	check_long("stat the root's disk", kfstatat(AT_FDCWD, path, &st, 0), 0);
	check_long("it is S_IFBLK, its major vda's or mmcblk's, minor 0",
		   S_ISBLK(st.st_mode) && dev_major(st.st_rdev) == major && dev_minor(st.st_rdev) == 0, 1);
	check_long("its st_size is 0", st.st_size, 0);
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, sec, 512);
	if (n < 0) {	/* a container keeps the host's disk from its users */
		printf("the root's disk not readable here (%s)\n", errno_name(errno));
		return;
	}
	check_long("read its first sector", n, 512);
	check_long("a FAT32 boot sector", sec[510] == 0x55 && sec[511] == 0xaa, 1);
	check_errno("a read not sector-aligned", pread(fd, sec, 100, 0), EINVAL);
	check_long("lseek to its end", lseek(fd, 0, SEEK_END) > 0, 1);
	check_long("read at the end gives 0", read(fd, sec, 512), 0);
	close(fd);
	check_errno("open it for writing", open(path, O_RDWR), EROFS);
}

static void listing(void)
{
	static char dents[8192];
	int fd = open("/dev", O_RDONLY | O_DIRECTORY), chr = 0, blk = 0;
	long len;
	struct lstatfs s;

	while ((len = getdents64(fd, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			off += d->d_reclen;
			chr += d->d_type == DT_CHR && (strcmp(d->d_name, "null") == 0 ||
						      strcmp(d->d_name, "zero") == 0 ||
						      strcmp(d->d_name, "console") == 0);
			blk += d->d_type == DT_BLK && (strcmp(d->d_name, "vda") == 0 ||
						       strcmp(d->d_name, "mmcblk0") == 0);
		}
	}
	check_long("ls /dev: null, zero, console", chr, 3);
	check_long("ls /dev: the root's disk, a block device", blk, 1);
	check_long("fstatfs /dev", syscall2(SYS_fstatfs, fd, &s), 0);
	check_long("a tmpfs", s.f_type, TMPFS_MAGIC);
	close(fd);
}

int main(void)
{
	numbers();
	null_zero_full_random();
	terminal();
	rtc();
	disk();
	listing();
	printf("devfs: done\n");
	return 0;
}
