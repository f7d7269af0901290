/*
 * mknod: device nodes on tmpfs, as Linux's root makes them anywhere a
 * file system keeps them. A node opens the device devfs has with its
 * numbers (/dev/null's, /dev/zero's, the root's disk, vda or mmcblk0), a node with
 * numbers no device has says ENXIO, and vfat keeps none (EPERM, as
 * Linux's vfat). busybox's makedevs and mknod rely on it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define DEV(ma, mi) ((ma) << 8 | (mi))	/* Linux's encoding, small numbers */

static long
mknod_raw(const char *path, unsigned mode, unsigned dev)
{
	return syscall4(SYS_mknodat, AT_FDCWD, path, mode, dev);
}

int
main(void)
{
	char buf[512], disk[512];
	struct stat st;

	check_long("mknod /tmp/mn.null c 1 3", mknod_raw("/tmp/mn.null", S_IFCHR | 0666, DEV(1, 3)), 0);
	check_long("stat it", stat("/tmp/mn.null", &st), 0);
	check_long("a character device", S_ISCHR(st.st_mode), 1);
	check_long("its numbers", (long)st.st_rdev, DEV(1, 3));
	int fd = open("/tmp/mn.null", O_RDWR);
	check_long("open it", fd >= 0, 1);
	check_long("write 3 bytes to it", write(fd, "abc", 3), 3);
	check_long("read from it: end of file", read(fd, buf, sizeof buf), 0);
	close(fd);

	check_long("mknod /tmp/mn.zero c 1 5", mknod_raw("/tmp/mn.zero", S_IFCHR | 0600, DEV(1, 5)), 0);
	fd = open("/tmp/mn.zero", O_RDONLY);
	memset(buf, 'x', 8);
	check_long("read 8 bytes of it", read(fd, buf, 8), 8);
	check_long("all zero", memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);
	close(fd);

	struct kstat ks;	/* the kernel's: a C library's dev_t may be narrower */
	check_long("stat / (its disk's numbers)", syscall4(SYS_newfstatat, AT_FDCWD, "/", &ks, 0), 0);
	check_long("mknod /tmp/mn.root b (those numbers)",
		   mknod_raw("/tmp/mn.root", S_IFBLK | 0600, (unsigned)ks.st_dev), 0);
	int a = open("/tmp/mn.root", O_RDONLY);
	check_long("read its first sector", read(a, disk, 512), 512);
	check_long("a FAT32 boot sector", memcmp(disk + 82, "FAT32", 5) == 0 &&
		   (unsigned char)disk[510] == 0x55 && (unsigned char)disk[511] == 0xaa, 1);
	close(a);

	check_long("mknod /tmp/mn.none c 250 0", mknod_raw("/tmp/mn.none", S_IFCHR | 0600, DEV(250, 0)), 0);
	check_err("open a node no device has", syscall4(SYS_openat, AT_FDCWD, "/tmp/mn.none", O_RDONLY, 0), 6);
	check_err("mknod over a name taken", mknod_raw("/tmp/mn.null", S_IFCHR | 0600, DEV(1, 3)), 17);
	check_err("mknod on vfat", mknod_raw("/mn.fat", S_IFCHR | 0600, DEV(1, 3)), 1);
	check_err("mknod of a directory", mknod_raw("/tmp/mn.dir", S_IFDIR | 0700, 0), 1);
	check_err("mknod of a symlink", mknod_raw("/tmp/mn.lnk", S_IFLNK | 0700, 0), 22);
	check_long("mknod of a socket name", mknod_raw("/tmp/mn.sock", S_IFSOCK | 0700, 0), 0);
	check_long("stat it", stat("/tmp/mn.sock", &st) == 0 && S_ISSOCK(st.st_mode), 1);
	unlink("/tmp/mn.sock");
	check_long("unlink the nodes", unlink("/tmp/mn.null") | unlink("/tmp/mn.zero") |
		   unlink("/tmp/mn.root") | unlink("/tmp/mn.none"), 0);
	printf("mknod: done\n");
	return 0;
}
