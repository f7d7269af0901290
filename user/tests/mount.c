/*
 * mount: a second and a third FAT32 volume mounted on directories and
 * unmounted again. The grader attaches two more disks: vdb, partitioned
 * with an MBR (vdb1 FAT32 holding /hello.txt and /docs/readme.txt, vdb2
 * not a filesystem), and vdc, a bare FAT32 volume holding /bare.txt.
 * What the test writes is checked on the images afterwards (mount.host).
 * Last, the boot's /proc unmounted and mounted again, /dev busy.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

#define BAD ((void *)8)		/* an address no program has mapped */
#define NEW_LEN 5000		/* more than one 512-byte cluster */

/* The names in dir, sorted and joined with spaces. */
static const char *
listing(const char *dir)
{
	static char out[512];
	static char buf[2048];
	char *names[32];
	int n = 0, fd = open(dir, O_RDONLY | O_DIRECTORY);
	long len;

	out[0] = 0;
	if (fd < 0)
		return strerror(errno);
	while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len && n < 32;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			names[n++] = strdup(d->d_name);
		}
	}
	close(fd);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	for (int i = 0; i < n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, names[i]);
		free(names[i]);
	}
	return out;
}

static const char *
contents(const char *path)
{
	static char buf[256];
	long n = read_file(path, buf, sizeof buf - 1);

	if (n < 0)
		return strerror(-n);
	buf[n] = 0;
	return buf;
}

static void
mount_partition(void)
{
	write_file("/mnt1/under.txt", "hidden while mounted\n", 21);
	check_long("mount /dev/vdb1 /mnt1", mount("/dev/vdb1", "/mnt1", "vfat", 0, NULL), 0);
	check_str("ls /mnt1", listing("/mnt1"), ". .. docs hello.txt");
	check_str("/mnt1/hello.txt", contents("/mnt1/hello.txt"), "hello from vdb1\n");
	check_str("/mnt1/docs/readme.txt", contents("/mnt1/docs/readme.txt"), "hello from vdb1\n");
	check_errno("/mnt1/under.txt is hidden", open("/mnt1/under.txt", O_RDONLY), ENOENT);
}

static void
crossing(void)
{
	struct kstat root, mnt, up, docs;

	must("stat /", kfstatat(AT_FDCWD, "/", &root, 0));
	must("stat /mnt1", kfstatat(AT_FDCWD, "/mnt1", &mnt, 0));
	must("stat /mnt1/docs/../..", kfstatat(AT_FDCWD, "/mnt1/docs/../..", &up, 0));
	must("stat /mnt1/docs", kfstatat(AT_FDCWD, "/mnt1/docs", &docs, 0));
	check_long("/mnt1 is another device", mnt.st_dev != root.st_dev, 1);
	check_long("/mnt1/docs is on it", docs.st_dev == mnt.st_dev, 1);
	check_long("/mnt1/docs/../.. is /", up.st_dev == root.st_dev && up.st_ino == root.st_ino, 1);
	must("chdir /mnt1/docs", chdir("/mnt1/docs"));
	check_str("readme.txt from the cwd", contents("readme.txt"), "hello from vdb1\n");
	check_str("../hello.txt from the cwd", contents("../hello.txt"), "hello from vdb1\n");
	check_errno("umount with a cwd inside", umount2("/mnt1", 0), EBUSY);
	must("chdir ../..", chdir("../.."));
	char cwd[64];
	check_str("getcwd after ../..", getcwd(cwd, sizeof cwd), "/");
}

static void
raw_devices(void)
{
	unsigned char sec[512];
	struct kstat st;
	int fd = must("open /dev/vdb", open("/dev/vdb", O_RDONLY));

	check_long("read the MBR", read(fd, sec, 512), 512);
	check_long("vdb1's type is FAT32 (LBA)", sec[446 + 4], 0x0c);
	close(fd);
	fd = must("open /dev/vdb1", open("/dev/vdb1", O_RDONLY));
	check_long("read vdb1's boot sector", read(fd, sec, 512), 512);
	check_long("it says FAT32", memcmp(sec + 82, "FAT32   ", 8), 0);
	check_long("of 40 MiB: SEEK_END", lseek(fd, 0, SEEK_END), 40 << 20);
	close(fd);
	must("stat /dev/vdb1", kfstatat(AT_FDCWD, "/dev/vdb1", &st, 0));
	check_long("/dev/vdb1 is a block device", S_ISBLK(st.st_mode), 1);
	check_long("its st_size is 0", st.st_size, 0);
	check_errno("open /dev/vdb1 for writing", open("/dev/vdb1", O_RDWR), EROFS);
}

static void
write_there(void)
{
	static unsigned char buf[NEW_LEN], back[NEW_LEN];

	fill_pattern(buf, NEW_LEN, 0, 7);
	write_file("/mnt1/new.txt", buf, NEW_LEN);
	check_long("read back /mnt1/new.txt", read_file("/mnt1/new.txt", back, NEW_LEN), NEW_LEN);
	check_long("its bytes", pattern_mismatch(back, NEW_LEN, 0, 7), -1);
	check_long("mkdir /mnt1/made", mkdir("/mnt1/made", 0755), 0);
	write_file("/mnt1/made/x.txt", "made on vdb1\n", 13);
	check_long("rename within the volume", rename("/mnt1/made/x.txt", "/mnt1/made/y.txt"), 0);
	check_errno("rename across volumes", rename("/mnt1/hello.txt", "/hello.txt"), EXDEV);
	check_errno("rename a mount point", rename("/mnt1", "/mnt9"), EBUSY);
	check_errno("rmdir a mount point", rmdir("/mnt1"), EBUSY);
	check_errno("mkdir a mount point", mkdir("/mnt1", 0755), EEXIST);
}

static void
busy_file(void)
{
	int fd = must("open /mnt1/hello.txt", open("/mnt1/hello.txt", O_RDONLY));

	check_errno("umount with a file open", umount2("/mnt1", 0), EBUSY);
	check_errno("umount with MNT_FORCE too", umount2("/mnt1", MNT_FORCE), EBUSY);
	close(fd);
}

static void
mount_errors(void)
{
	check_errno("mount vdb2 (not FAT)", mount("/dev/vdb2", "/mnt2", "vfat", 0, NULL), EINVAL);
	check_errno("mount a missing device", mount("/dev/vdz", "/mnt2", "vfat", 0, NULL), ENOENT);
	check_errno("mount a file", mount("/data/notelf.txt", "/mnt2", "vfat", 0, NULL), ENOTBLK);
	check_errno("mount type ext4", mount("/dev/vdc", "/mnt2", "ext4", 0, NULL), ENODEV);
	check_errno("mount with no type", mount("/dev/vdc", "/mnt2", NULL, 0, NULL), EINVAL);
	check_errno("mount on a missing dir", mount("/dev/vdc", "/nosuch", "vfat", 0, NULL), ENOENT);
	check_errno("mount on a file", mount("/dev/vdc", "/data/notelf.txt", "vfat", 0, NULL),
		    ENOTDIR);
	check_errno("mount vdb1 twice", mount("/dev/vdb1", "/mnt2", "vfat", 0, NULL), EBUSY);
	check_errno("mount vdb under vdb1", mount("/dev/vdb", "/mnt2", "vfat", 0, NULL), EBUSY);
	check_errno("mount the root's disk", mount("/dev/vda", "/mnt2", "vfat", 0, NULL), EBUSY);
	check_errno("mount on a mount point", mount("/dev/vdc", "/mnt1", "vfat", 0, NULL), EBUSY);
	check_errno("mount MS_BIND", mount("/dev/vdc", "/mnt2", "vfat", 4096, NULL), EINVAL);
	check_errno("mount bad source", mount(BAD, "/mnt2", "vfat", 0, NULL), EFAULT);
	check_errno("mount bad target", mount("/dev/vdc", BAD, "vfat", 0, NULL), EFAULT);
	check_errno("mount bad type", mount("/dev/vdc", "/mnt2", BAD, 0, NULL), EFAULT);
	check_errno("mount bad data", mount("/dev/vdc", "/mnt2", "vfat", 0, BAD), EFAULT);
	check_errno("umount bad target", umount2(BAD, 0), EFAULT);
	check_errno("umount bad flags", umount2("/mnt1", 0x100), EINVAL);
	check_errno("umount a plain dir", umount2("/mnt2", 0), EINVAL);
	check_errno("umount a missing dir", umount2("/nosuch", 0), ENOENT);
	check_errno("umount /", umount2("/", 0), EBUSY);
}

static void
bare_volume(void)
{
	check_long("mount /dev/vdc /mnt2", mount("/dev/vdc", "/mnt2", "vfat", 0, NULL), 0);
	check_str("ls /mnt2", listing("/mnt2"), ". .. bare.txt");
	check_str("/mnt2/bare.txt", contents("/mnt2/bare.txt"), "a bare FAT32 volume\n");
	write_file("/mnt2/written.txt", "written on vdc\n", 15);
	check_long("umount /mnt2", umount2("/mnt2", 0), 0);
	check_long("mount -r /dev/vdc /mnt2",
		   mount("/dev/vdc", "/mnt2", "vfat", MS_RDONLY, NULL), 0);
	check_str("written.txt is there", contents("/mnt2/written.txt"), "written on vdc\n");
	check_errno("open for writing, read-only", open("/mnt2/bare.txt", O_WRONLY), EROFS);
	check_errno("create, read-only", open("/mnt2/n", O_WRONLY | O_CREAT, 0644), EROFS);
	check_errno("mkdir, read-only", mkdir("/mnt2/d", 0755), EROFS);
	check_errno("access W_OK, read-only", access("/mnt2/bare.txt", W_OK), EROFS);
	check_long("umount /mnt2 again", umount2("/mnt2", 0), 0);
}

static void
unmount_and_again(void)
{
	static unsigned char back[NEW_LEN];

	check_long("umount /mnt1", umount2("/mnt1", 0), 0);
	check_str("ls /mnt1 after", listing("/mnt1"), ". .. under.txt");
	check_errno("umount /mnt1 twice", umount2("/mnt1", 0), EINVAL);
	check_long("mount /dev/vdb1 /mnt2", mount("/dev/vdb1", "/mnt2", "vfat", 0, NULL), 0);
	check_long("new.txt came back", read_file("/mnt2/new.txt", back, NEW_LEN), NEW_LEN);
	check_long("its bytes", pattern_mismatch(back, NEW_LEN, 0, 7), -1);
	check_str("ls /mnt2/made", listing("/mnt2/made"), ". .. y.txt");
	check_long("umount /mnt2", umount2("/mnt2", 0), 0);
}

/* The boot's /proc and /dev: /dev is busy while the console is open
 * (every process has it); /proc unmounts, mounts again and answers. */
static void
pseudo_again(void)
{
	check_errno("umount /dev (the console is open)", umount2("/dev", 0), EBUSY);
	for (int i = 0; i < 3; i++) {
		check_long("umount /proc", umount2("/proc", 0), 0);
		check_str("ls /proc after", listing("/proc"), ". ..");
		check_long("mount proc on /proc", mount("proc", "/proc", "proc", 0, NULL), 0);
		check_long("/proc/self/status is there", access("/proc/self/status", R_OK), 0);
	}
	check_long("mount a second proc on /mnt1", mount("proc", "/mnt1", "proc", 0, NULL), 0);
	check_long("/mnt1/meminfo", access("/mnt1/meminfo", R_OK), 0);
	check_long("umount /mnt1", umount2("/mnt1", 0), 0);
}

int
main(void)
{
	static const struct { const char *name; void (*fn)(void); } tests[] = {
		{ "mount_partition", mount_partition }, { "crossing", crossing },
		{ "raw_devices", raw_devices },		{ "write_there", write_there },
		{ "busy_file", busy_file },		{ "mount_errors", mount_errors },
		{ "bare_volume", bare_volume },		{ "unmount_and_again", unmount_and_again },
		{ "pseudo_again", pseudo_again },
	};

	rm_tree("/mnt1");
	rm_tree("/mnt2");
	must("mkdir /mnt1", mkdir("/mnt1", 0755));
	must("mkdir /mnt2", mkdir("/mnt2", 0755));
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		printf("-- %s\n", tests[i].name);
		tests[i].fn();
	}
	must("clean up", rm_tree("/mnt1") | rm_tree("/mnt2"));
	printf("mount: all passed\n");
	return 0;
}
