/*
 * tmpfsmem: a tmpfs's memory. mount -t tmpfs with size= on a directory
 * of /tmp; filling it gives a short write, then ENOSPC, and keeps every
 * byte written; a file unlinked while open holds its pages until the
 * close; umount is EBUSY while a file is open; and every page comes
 * back (the kernel's free page count, sysinfo) when files and the
 * mount go. Our kernel only: Linux's free memory moves on its own.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

#define M "/tmp/small"
#define SIZE (256 * 1024)

struct kstatfs {		/* Linux's struct statfs, 64-bit */
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

static struct kstatfs
fs_stat(void)
{
	struct kstatfs s;

	memset(&s, 0, sizeof s);
	must("statfs", syscall2(43, M, &s) == 0 ? 0 : -1);	/* SYS_statfs */
	return s;
}

static unsigned char data[2 * SIZE], back[2 * SIZE];

/* Fills the small tmpfs: a short write, then ENOSPC, nothing lost. */
static void
fill(void)
{
	int fd = must("create big", open(M "/big", O_CREAT | O_RDWR, 0644));
	long n = write(fd, data, sizeof data);

	check_long("a write past the limit is cut short", n > SIZE / 2 && n < SIZE, 1);
	check_errno("the next write", write(fd, data, 1), ENOSPC);
	check_long("the size is what was written", lseek(fd, 0, SEEK_END) == n, 1);
	check_long("it reads back", pread(fd, back, sizeof back, 0) == n, 1);
	check_long("every byte kept", pattern_mismatch(back, n, 0, 3), -1);
	check_long("statfs: no block free", fs_stat().f_bfree, 0);
	check_long("unlink it while open", unlink(M "/big"), 0);
	check_long("its pages stay while it is open", fs_stat().f_bfree, 0);
	check_long("and it still reads", pread(fd, back, 4096, 0), 4096);
	check_errno("umount while it is open", umount2(M, 0), EBUSY);
	close(fd);
	check_long("the close frees its pages", fs_stat().f_bfree > (uint64_t)n / 4096, 1);
	int fd2 = must("create again", open(M "/again", O_CREAT | O_RDWR, 0644));
	check_long("there is room again", write(fd2, data, 8192), 8192);
	close(fd2);
}

int
main(void)
{
	fill_pattern(data, sizeof data, 0, 3);
	memset(back, 0, sizeof back);	/* both touched before the count */
	rm_tree(M);
	must("mkdir " M, mkdir(M, 0755));
	check_errno("mount -o size=bad", mount("tmpfs", M, "tmpfs", 0, "size=bad"), EINVAL);
	check_errno("mount -o nosuch", mount("tmpfs", M, "tmpfs", 0, "nosuch=1"), EINVAL);
	long before = free_pages();

	check_long("mount -t tmpfs -o size=256k", mount("tmpfs", M, "tmpfs", 0, "size=256k"), 0);
	struct kstatfs s = fs_stat();
	check_long("f_type", s.f_type, 0x01021994);
	check_long("f_blocks: 256 KiB in pages", s.f_blocks, SIZE / 4096);
	fill();
	check_long("umount", umount2(M, 0), 0);
	check_long("free pages after the mount minus before", free_pages() - before, 0);

	/* and on /tmp itself: a file's pages go with it */
	write_file("/tmp/tmpfsmem", data, sizeof data);
	check_long("a 512 KiB file holds pages", before - free_pages() >= 128, 1);
	check_long("unlink it", unlink("/tmp/tmpfsmem"), 0);
	check_long("free pages after the unlink minus before", free_pages() - before, 0);
	check_long("rmdir " M, rmdir(M), 0);
	printf("tmpfsmem: done\n");
	return 0;
}
