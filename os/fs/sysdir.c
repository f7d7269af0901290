/*
 * Directory calls: listing a directory (getdents64) and the working
 * directory (getcwd, chdir, fchdir). A working directory is a node, so
 * it stays itself when it is renamed, and getcwd finds its path again
 * from it (vn_path).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
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
static size_t dirent_record(const struct vdirent *de, int64_t off, uint8_t *out, size_t room)
{
	size_t namelen = strlen(de->name);
	size_t reclen = (sizeof(struct linux_dirent64) + namelen + 1 + 7) & ~7UL;
	struct linux_dirent64 *d = (struct linux_dirent64 *)out;

	if (reclen > room)
		return 0;
	memset(out, 0, reclen);
	d->d_ino = de->ino;
	d->d_off = off;
	d->d_reclen = reclen;
	d->d_type = de->type;
	memcpy(d->d_name, de->name, namelen + 1);
	return reclen;
}

/* "." or ".." of directory dir (which: 0 or 1) as a record. */
static int dot_entry(struct vnode *dir, int which, struct vdirent *de)
{
	struct vnode *vn = dir;
	struct kstat st;
	int err = which == 0 ? 0 : namei(dir, "..", 0, &vn);

	if (err < 0)
		return err;
	err = vn_getattr(vn, &st);
	if (which)
		vput(vn);
	strlcpy(de->name, which ? ".." : ".", sizeof(de->name));
	de->ino = st.st_ino;
	de->type = DT_DIR;
	return err;
}

/*
 * The next entry of directory f into de, without consuming it: "." and
 * ".." first, as Linux lists them, then the type's entries. Returns
 * 1, 0 at the end, or -errno; *pos is the cookie past it, *off the
 * d_off that follows the entry: 1 after ".", 2 after "..", the type's
 * cookie + 3 after its entries (dir_seek takes it back).
 */
static int next_dirent(struct file *f, struct vdirent *de, uint64_t *pos, int64_t *off)
{
	*pos = f->dirpos;
	if (f->dots_done < 2) {
		*off = f->dots_done + 1;
		int err = dot_entry(f->vn, f->dots_done, de);
		return err < 0 ? err : 1;
	}
	if (!f->vn->ops->readdir)
		return 0;
	int r = f->vn->ops->readdir(f->vn, pos, de);
	*off = (int64_t)*pos + 3;
	return r;
}

/* Where a d_off (lseek's offset on a directory: telldir's cookie) puts
 * directory f's listing: 0 its start, 1 after ".", 2 after "..", and
 * c >= 3 the type's cookie c - 3 (next_dirent's numbering). */
void dir_seek(struct file *f, uint64_t c)
{
	f->dots_done = c < 2 ? c : 2;
	f->dirpos = c > 3 ? c - 3 : 0;
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
	struct vdirent *de = kalloc();
	if (!buf || !de) {
		err = -ENOMEM;
		goto out;
	}
	user_prefault(dst, count, PTE_W);
	while (done < count) {
		uint64_t pos;
		int64_t off;
		int r = next_dirent(f, de, &pos, &off);
		if (r <= 0) {
			err = r;
			break;
		}
		size_t n = dirent_record(de, off, buf, MIN(count - done, PGSIZE));
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
		f->off = off;	/* lseek(fd, 0, SEEK_CUR): where it is, as a d_off */
		done += n;
	}
out:
	kfree(buf);
	kfree(de);
	return done > 0 ? (int64_t)done : err;
}

uint64_t sys_getcwd(void)
{
	char *buf = kalloc();
	struct vnode *cwd = cwd_ref();
	int err = !buf ? -ENOMEM : !cwd ? -ENOENT : vn_path(cwd, buf, PGSIZE);

	vput(cwd);
	size_t len = err == 0 ? strlen(buf) + 1 : 0;
	if (err == 0 && argraw(1) < len)
		err = -ERANGE;
	if (err == 0)
		err = copyout(myproc()->pagetable, argraw(0), buf, len);
	kfree(buf);
	return err < 0 ? err : (int64_t)len;
}

uint64_t sys_chdir(void)
{
	struct vnode *vn;
	int err = at_walk(AT_FDCWD, 0, WALK_FOLLOW | WALK_DIR, &vn);

	if (err < 0)
		return err;
	proc_set_cwd(myproc()->leader, vn);
	return 0;
}

uint64_t sys_fchdir(void)
{
	struct file *f;
	int err = dir_fd(argraw(0), &f);

	if (err < 0)
		return err;
	proc_set_cwd(myproc()->leader, vref(f->vn));
	return 0;
}
