/*
 * Directory calls: listing a directory (getdents64) and the working
 * directory (getcwd, chdir, fchdir).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "kern/syscall.h"
#include "uapi/linux/dirent.h"

/* The open directory behind descriptor fd: -EBADF, or -ENOTDIR if not one. */
static int dir_fd(int fd, struct file **f)
{
	int err = fd_file(fd, f);

	if (err == 0 && !file_is_dir(*f))
		err = -ENOTDIR;
	return err;
}

/* Fills one record at out (at most room bytes); 0 if it does not fit. */
static size_t dirent_record(const struct mount *m, const char *name,
			    const struct fat_node *node, int64_t off, uint8_t *out, size_t room)
{
	size_t namelen = strlen(name);
	size_t reclen = (sizeof(struct linux_dirent64) + namelen + 1 + 7) & ~7UL;
	struct linux_dirent64 *d = (struct linux_dirent64 *)out;
	struct kstat st;

	if (reclen > room)
		return 0;
	memset(out, 0, reclen);
	fat_node_stat(m, node, &st);
	d->d_ino = st.st_ino;
	d->d_off = off;
	d->d_reclen = reclen;
	d->d_type = (node->attr & FAT_ATTR_DIRECTORY) ? DT_DIR : DT_REG;
	memcpy(d->d_name, name, namelen + 1);
	return reclen;
}

/*
 * The next entry of directory f into de, without consuming it: "." and
 * ".." first, as Linux lists them (FAT's root has none on disk, and
 * fat_readdir skips them elsewhere), then the entries on disk. Returns
 * 1, 0 at the end, or -errno; *off is the d_off that follows the entry.
 */
static int next_dirent(struct file *f, struct fat_dirent *de, uint32_t *pos, int64_t *off)
{
	*pos = f->dirpos;
	if (f->dots_done < 2) {
		const char *name = f->dots_done == 0 ? "." : "..";
		strlcpy(de->name, name, sizeof(de->name));
		*off = f->dots_done + 1;
		struct fat_node *dir = &f->ip->node;
		if (f->dots_done == 0 || dir->is_root)
			de->node = *dir;
		else if (fs_lookup_in(f->ip, "..", &de->node) < 0)
			de->node = *dir;
		return 1;
	}
	int r = fs_readdir(f->ip, pos, de);
	*off = (int64_t)*pos + 3;
	return r;
}

uint64_t sys_getdents64(void)
{
	uint64_t dst = argraw(1);
	size_t count = argraw(2), done = 0;
	struct file *f;
	int err = dir_fd(argraw(0), &f);

	if (err < 0)
		return err;
	uint8_t *buf = kalloc();
	struct fat_dirent *de = kalloc();
	if (!buf || !de) {
		err = -ENOMEM;
		goto out;
	}
	user_prefault(dst, count, PTE_W);
	fs_lock();
	while (done < count) {
		uint32_t pos;
		int64_t off;
		int r = next_dirent(f, de, &pos, &off);
		if (r <= 0) {
			err = r;
			break;
		}
		size_t n = dirent_record(f->ip->mnt, de->name, &de->node, off, buf,
					 MIN(count - done, PGSIZE));
		if (n == 0) {
			if (done == 0)
				err = -EINVAL;
			break;
		}
		if (copyout(myproc()->pagetable, dst + done, buf, n) < 0) {
			err = -EFAULT;
			break;
		}
		if (f->dots_done < 2)
			f->dots_done++;
		else
			f->dirpos = pos;
		done += n;
	}
	fs_unlock();
out:
	kfree(buf);
	kfree(de);
	return done > 0 ? (int64_t)done : err;
}

uint64_t sys_getcwd(void)
{
	const char *cwd = myproc()->cwd;
	size_t len = strlen(cwd) + 1;

	if (argraw(1) < len)
		return -ERANGE;
	int err = copyout(myproc()->pagetable, argraw(0), cwd, len);
	return err < 0 ? err : (int64_t)len;
}

/* Under the fs lock, so that umount reads whole paths (proc_cwd_within). */
static void set_cwd(const char *path)
{
	fs_lock();
	strlcpy(myproc()->cwd, path, MAXPATH);
	fs_unlock();
}

uint64_t sys_chdir(void)
{
	char path[MAXPATH];
	struct file *f;
	int err = at_path(AT_FDCWD, 0, path);

	if (err < 0 || (err = file_open(path, O_RDONLY | O_DIRECTORY, &f)) < 0)
		return err;
	fileclose(f);
	set_cwd(path);
	return 0;
}

uint64_t sys_fchdir(void)
{
	struct file *f;
	int err = dir_fd(argraw(0), &f);

	if (err < 0)
		return err;
	set_cwd(f->path);
	return 0;
}
