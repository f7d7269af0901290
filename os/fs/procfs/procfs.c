/*
 * procfs ("proc", mounted at /proc): the kernel's state as files. Its
 * nodes hold no data, only what they name (a kind, a pid, an entry or
 * a descriptor): a node is made on each lookup from a small table and
 * freed at its last vput, and every read asks the generators of
 * procfs_sys.c, procfs_pid.c and procfs_maps.c for the text again. A
 * process's nodes find it by pid at each call, so they outlive it
 * harmlessly: a zombie is still found, and ESRCH or ENOENT answer once
 * it has been reaped.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/vfs.h"
#include "fs/procfs/procfs.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/dirent.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define PROCFS_NODES 256	/* nodes referenced at once, over every mount */

_Static_assert(PBUF_SIZE == PGSIZE, "a read's text is one kalloc'd page");

/* Kinds from PK_PID on belong to a process. PK_PID is a process's
 * directory, /proc/PID, or with task set a thread's, /proc/PID/task/TID
 * (pid the thread's id), under which every node has task set too. */
enum pkind { PK_ROOT, PK_SYS, PK_SELF, PK_THREAD_SELF, PK_SYSCTL, PK_PID, PK_PIDFILE, PK_FD, PK_FDLINK, PK_TASK };

struct pnode {
	enum pkind kind;
	bool task;		/* in a thread's directory */
	int pid;		/* PK_PID and below */
	int index;		/* PK_SYS, PK_PIDFILE, PK_SYSCTL: the entry in its table */
	int fd;			/* PK_FDLINK */
};

/* ---- what the directories hold ---- */

/* A file's text: system-wide, or of one process. */
typedef int (*sys_gen)(struct pbuf *b);
typedef int (*pid_gen)(int pid, struct pbuf *b);
typedef int (*pid_link)(int pid, char *buf, size_t size);

static const struct {
	const char *name;
	sys_gen gen;
} sys_files[] = {
	{ "cpuinfo", procfs_cpuinfo }, { "filesystems", procfs_filesystems },
	{ "loadavg", procfs_loadavg }, { "meminfo", procfs_meminfo },
	{ "mounts", procfs_mounts },   { "stat", procfs_stat },
	{ "uptime", procfs_uptime },   { "version", procfs_version },
};
#define NSYS (int)(sizeof(sys_files) / sizeof(sys_files[0]))

static int pid_mounts(int pid, struct pbuf *b)
{
	return procfs_pid_alive(pid) ? procfs_mounts(b) : -ESRCH;
}

/* /proc/PID's entries: a file (gen), a symlink (link), or a directory
 * (kind PK_FD or PK_TASK; a thread's directory has no task/). seq: a
 * seq_file on Linux, whose lseek refuses SEEK_END (cmdline and environ
 * count it from their st_size, 0). */
static const struct {
	const char *name;
	uint32_t mode;
	pid_gen gen;
	pid_link link;
	bool seq;
	enum pkind kind;
} pid_files[] = {
	{ "auxv", S_IFREG | 0400, procfs_pid_auxv, NULL, false, PK_PIDFILE },
	{ "cmdline", S_IFREG | 0444, procfs_pid_cmdline, NULL, false, PK_PIDFILE },
	{ "comm", S_IFREG | 0444, procfs_pid_comm, NULL, false, PK_PIDFILE },
	{ "cwd", S_IFLNK | 0777, NULL, procfs_pid_cwd, false, PK_PIDFILE },
	{ "environ", S_IFREG | 0400, procfs_pid_environ, NULL, false, PK_PIDFILE },
	{ "exe", S_IFLNK | 0777, NULL, procfs_pid_exe, false, PK_PIDFILE },
	{ "fd", S_IFDIR | 0500, NULL, NULL, false, PK_FD },
	{ "maps", S_IFREG | 0444, procfs_pid_maps, NULL, true, PK_PIDFILE },
	{ "mounts", S_IFREG | 0444, pid_mounts, NULL, true, PK_PIDFILE },
	{ "stat", S_IFREG | 0444, procfs_pid_stat, NULL, true, PK_PIDFILE },
	{ "statm", S_IFREG | 0444, procfs_pid_statm, NULL, true, PK_PIDFILE },
	{ "status", S_IFREG | 0444, procfs_pid_status, NULL, true, PK_PIDFILE },
	{ "task", S_IFDIR | 0555, NULL, NULL, false, PK_TASK },
};
#define NPID (int)(sizeof(pid_files) / sizeof(pid_files[0]))

/* Whether the directory d (a process's or a thread's) has pid_files[i]. */
static bool pid_has(const struct pnode *d, int i) { return !(d->task && pid_files[i].kind == PK_TASK); }

/* The node naming pid_files[i] in directory d. */
static struct pnode pid_entry(const struct pnode *d, int i)
{
	return (struct pnode){ .kind = pid_files[i].kind, .task = d->task, .pid = d->pid, .index = i };
}

static uint32_t kind_mode(const struct pnode *n)
{
	switch (n->kind) {
	case PK_ROOT:
	case PK_PID:
	case PK_TASK:
		return S_IFDIR | 0555;
	case PK_FD:
		return S_IFDIR | 0500;
	case PK_SYS:
		return S_IFREG | 0444;
	case PK_PIDFILE:
		return pid_files[n->index].mode;
	case PK_SYSCTL:
		return sysctl_mode(n->index);
	default:
		return S_IFLNK | 0777;
	}
}

/* The same node always has the same number: made from what it names. */
static uint64_t kind_ino(const struct pnode *n)
{
	switch (n->kind) {
	case PK_ROOT:
		return 1;
	case PK_SYS:
		return 2 + n->index;
	case PK_SELF:
		return 2 + NSYS;
	case PK_THREAD_SELF:
		return 3 + NSYS;
	case PK_SYSCTL:
		return 4 + NSYS + n->index;
	default:
		return (uint64_t)n->pid << 21 | (uint64_t)n->task << 20 | (uint64_t)n->kind << 16 |
		       (n->kind == PK_FDLINK ? n->fd : n->kind == PK_PIDFILE ? n->index : 0);
	}
}

/* ---- nodes ---- */

static const struct vnode_ops procfs_ops;

static struct {
	struct spinlock lock;
	struct vnode vn[PROCFS_NODES];
	struct pnode pn[PROCFS_NODES];
} nodes;

static struct pnode *PN(struct vnode *vn) { return vn->priv; }

/* A new node of vfs naming n, referenced; NULL if the table is full. */
static struct vnode *node_make(struct vfs *vfs, const struct pnode *n)
{
	struct vnode *vn = NULL;

	acquire(&nodes.lock);
	for (int i = 0; i < PROCFS_NODES && !vn; i++) {
		if (nodes.vn[i].ref || nodes.vn[i].priv)
			continue;
		vn = &nodes.vn[i];
		nodes.pn[i] = *n;
		memset(vn, 0, sizeof(*vn));
		vn->priv = &nodes.pn[i];	/* taken */
	}
	release(&nodes.lock);
	if (!vn)
		return NULL;
	vn->type = kind_mode(n) & S_IFMT;
	vn->vfs = vfs;
	vn->ops = &procfs_ops;
	return vref(vn);	/* the first reference counts the vfs active */
}

/* No lookup finds an existing node (each makes its own), but a
 * holder's vref may have come back since the last vput: free the slot
 * only if none has. */
static void procfs_inactive(struct vnode *vn)
{
	acquire(&nodes.lock);
	if (__atomic_load_n(&vn->ref, __ATOMIC_ACQUIRE) == 0)
		vn->priv = NULL;
	release(&nodes.lock);
}

static int make_out(struct vnode *dir, const struct pnode *n, struct vnode **out)
{
	return (*out = node_make(dir->vfs, n)) ? 0 : -ENOMEM;
}

/* A decimal name as Linux reads one: digits only, no leading 0. */
static int name_number(const char *s)
{
	long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

static int lookup_root(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode n = { .kind = PK_SYS };

	for (n.index = 0; n.index < NSYS; n.index++)
		if (strcmp(name, sys_files[n.index].name) == 0)
			return make_out(dir, &n, out);
	if (strcmp(name, "self") == 0)
		return make_out(dir, &(struct pnode){ .kind = PK_SELF }, out);
	if (strcmp(name, "thread-self") == 0)
		return make_out(dir, &(struct pnode){ .kind = PK_THREAD_SELF }, out);
	if (strcmp(name, "sys") == 0)
		return make_out(dir, &(struct pnode){ .kind = PK_SYSCTL, .index = 0 }, out);
	int pid = name_number(name);
	if (pid <= 0 || !procfs_pid_alive(pid))
		return -ENOENT;
	return make_out(dir, &(struct pnode){ .kind = PK_PID, .pid = pid }, out);
}

static int lookup_pid(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode *d = PN(dir);

	if (!procfs_pid_alive(d->pid))
		return -ESRCH;	/* reaped since the directory was found, as Linux says */
	for (int i = 0; i < NPID; i++) {
		if (strcmp(name, pid_files[i].name) == 0 && pid_has(d, i)) {
			struct pnode n = pid_entry(d, i);
			return make_out(dir, &n, out);
		}
	}
	return -ENOENT;
}

/* task/TID: a thread of the directory's group. */
static int lookup_task(struct vnode *dir, const char *name, struct vnode **out)
{
	int tid = name_number(name), tgid = procfs_pid_tgid(PN(dir)->pid);

	if (tgid < 0)
		return tgid;
	if (tid <= 0 || procfs_pid_tgid(tid) != tgid)
		return -ENOENT;
	return make_out(dir, &(struct pnode){ .kind = PK_PID, .task = true, .pid = tid }, out);
}

/* The directory a node's ".." names (the root's is the layer's). */
static int lookup_parent(struct vnode *dir, struct vnode **out)
{
	struct pnode *d = PN(dir);
	int tgid;

	switch (d->kind) {
	case PK_FD:
		return make_out(dir, &(struct pnode){ .kind = PK_PID, .task = d->task, .pid = d->pid }, out);
	case PK_TASK:
		return make_out(dir, &(struct pnode){ .kind = PK_PID, .pid = d->pid }, out);
	case PK_SYSCTL:
		if (sysctl_parent(d->index) >= 0)
			return make_out(dir, &(struct pnode){ .kind = PK_SYSCTL,
							      .index = sysctl_parent(d->index) }, out);
		*out = vref(dir->vfs->root);
		return 0;
	case PK_PID:
		if (d->task) {
			if ((tgid = procfs_pid_tgid(d->pid)) < 0)
				return tgid;
			return make_out(dir, &(struct pnode){ .kind = PK_TASK, .pid = tgid }, out);
		}
		/* fall through */
	default:
		*out = vref(dir->vfs->root);	/* the layer crosses out of the root */
		return 0;
	}
}

/* An entry of a /proc/sys directory (procfs_sysctl.c). */
static int lookup_sysctl(struct vnode *dir, const char *name, struct vnode **out)
{
	int i = sysctl_lookup(PN(dir)->index, name);

	return i < 0 ? i : make_out(dir, &(struct pnode){ .kind = PK_SYSCTL, .index = i }, out);
}

static int lookup_fd(struct vnode *dir, const char *name, struct vnode **out)
{
	int pid = PN(dir)->pid, fd = name_number(name);

	if (fd < 0)
		return -ENOENT;
	int found = procfs_pid_next_fd(pid, fd);
	if (found == -ESRCH || (found >= 0 && found != fd))
		found = -ENOENT;
	if (found < 0)
		return found;
	return make_out(dir, &(struct pnode){ .kind = PK_FDLINK, .pid = pid, .fd = fd }, out);
}

static int procfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	struct pnode *d = PN(dir);

	if (strcmp(name, ".") == 0) {
		*out = vref(dir);
		return 0;
	}
	if (strcmp(name, "..") == 0)
		return lookup_parent(dir, out);
	switch (d->kind) {
	case PK_ROOT:
		return lookup_root(dir, name, out);
	case PK_PID:
		return lookup_pid(dir, name, out);
	case PK_FD:
		return lookup_fd(dir, name, out);
	case PK_TASK:
		return lookup_task(dir, name, out);
	case PK_SYSCTL:
		return vn_is_dir(dir) ? lookup_sysctl(dir, name, out) : -ENOTDIR;
	default:
		return -ENOTDIR;
	}
}

/* ---- directories ---- */

static void dirent_set(struct vdirent *de, const char *name, const struct pnode *n)
{
	static const uint8_t dt[] = { [S_IFDIR >> 12] = DT_DIR, [S_IFREG >> 12] = DT_REG,
				      [S_IFLNK >> 12] = DT_LNK };

	strlcpy(de->name, name, sizeof(de->name));
	de->ino = kind_ino(n);
	de->type = dt[(kind_mode(n) & S_IFMT) >> 12];
}

/* Whether pid names a group's leader (the listing's entries). */
static bool is_group_leader(int pid)
{
	struct proc *p = proc_get(pid);
	bool leader = p && p->leader == p;

	if (p)
		proc_put(p);
	return leader;
}

/* The root: the files of sys_files, self, thread-self, sys, then a pid
 * for each process. */
static int readdir_root(uint64_t *pos, struct vdirent *de)
{
	char name[16];

	if (*pos < (uint64_t)NSYS) {
		dirent_set(de, sys_files[*pos].name, &(struct pnode){ .kind = PK_SYS, .index = *pos });
		++*pos;
		return 1;
	}
	if (*pos == (uint64_t)NSYS) {
		dirent_set(de, "self", &(struct pnode){ .kind = PK_SELF });
		++*pos;
		return 1;
	}
	if (*pos == (uint64_t)NSYS + 1) {
		dirent_set(de, "thread-self", &(struct pnode){ .kind = PK_THREAD_SELF });
		++*pos;
		return 1;
	}
	if (*pos == (uint64_t)NSYS + 2) {
		dirent_set(de, "sys", &(struct pnode){ .kind = PK_SYSCTL, .index = 0 });
		++*pos;
		return 1;
	}
	/* then the pids in order, as Linux lists them: the position is
	 * the next pid to look for past the ones above. A group's other
	 * threads are found by their tid but not listed, as on Linux */
	int pid = (int)MIN(*pos - NSYS - 2, (uint64_t)PID_MAX);
	while ((pid = pid_next(pid)) && !is_group_leader(pid))
		pid++;
	if (!pid)
		return 0;
	snprintf(name, sizeof(name), "%d", pid);
	dirent_set(de, name, &(struct pnode){ .kind = PK_PID, .pid = pid });
	*pos = NSYS + 3 + pid;
	return 1;
}

/* A process's directory (or a thread's): pid_files, in order. */
static int readdir_pid(const struct pnode *d, uint64_t *pos, struct vdirent *de)
{
	if (!procfs_pid_alive(d->pid))
		return -ENOENT;
	while (*pos < (uint64_t)NPID && !pid_has(d, (int)*pos))
		++*pos;
	if (*pos >= (uint64_t)NPID)
		return 0;
	struct pnode n = pid_entry(d, (int)*pos);
	dirent_set(de, pid_files[*pos].name, &n);
	++*pos;
	return 1;
}

/* task/: the group's threads by id; the position is the next to look for. */
static int readdir_task(int pid, uint64_t *pos, struct vdirent *de)
{
	char name[16];
	int tid = *pos < PID_MAX ? procfs_pid_next_tid(pid, (int)*pos) : -ENOENT;

	if (tid == -ENOENT)
		return 0;
	if (tid < 0)
		return tid;
	snprintf(name, sizeof(name), "%d", tid);
	dirent_set(de, name, &(struct pnode){ .kind = PK_PID, .task = true, .pid = tid });
	*pos = tid + 1;
	return 1;
}

/* A /proc/sys directory: its entries in the table's order; the
 * position is the next entry to look at. */
static int readdir_sysctl(int dir, uint64_t *pos, struct vdirent *de)
{
	int i = *pos < 1000 ? sysctl_next(dir, (int)*pos) : -ENOENT;

	if (i < 0)
		return 0;
	dirent_set(de, sysctl_name(i), &(struct pnode){ .kind = PK_SYSCTL, .index = i });
	*pos = i + 1;
	return 1;
}

static int readdir_fd(const struct pnode *d, uint64_t *pos, struct vdirent *de)
{
	char name[16];
	int fd = *pos < NOFILE_MAX ? procfs_pid_next_fd(d->pid, (int)*pos) : -ENOENT;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	snprintf(name, sizeof(name), "%d", fd);
	dirent_set(de, name, &(struct pnode){ .kind = PK_FDLINK, .task = d->task, .pid = d->pid, .fd = fd });
	*pos = fd + 1;
	return 1;
}

static int procfs_readdir(struct vnode *dir, uint64_t *pos, struct vdirent *de)
{
	struct pnode *d = PN(dir);

	switch (d->kind) {
	case PK_ROOT:
		return readdir_root(pos, de);
	case PK_FD:
		return readdir_fd(d, pos, de);
	case PK_PID:
		return readdir_pid(d, pos, de);
	case PK_TASK:
		return readdir_task(d->pid, pos, de);
	case PK_SYSCTL:
		return vn_is_dir(dir) ? readdir_sysctl(d->index, pos, de) : -ENOTDIR;
	default:
		return -ENOTDIR;
	}
}

/* ---- attributes, links, reads ---- */

static int procfs_getattr(struct vnode *vn, struct vattr *out)
{
	struct pnode *n = PN(vn);
	uint64_t now = realtime_ns();

	if (n->kind >= PK_PID && !procfs_pid_alive(n->pid))
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->mode = kind_mode(n);
	out->nlink = (out->mode & S_IFMT) == S_IFDIR ? 2 : 1;
	out->ino = kind_ino(n);
	out->blksize = PGSIZE;
	out->atime = out->mtime = out->ctime = (struct kts){ now / 1000000000, now % 1000000000 };
	return 0;
}

static int procfs_readlink(struct vnode *vn, char *buf, size_t size)
{
	struct pnode *n = PN(vn);
	struct proc *me = myproc();
	char self[32];
	size_t len;

	switch (n->kind) {
	case PK_SELF:
		len = MIN((size_t)snprintf(self, sizeof(self), "%d", me->tgid), size);
		memcpy(buf, self, len);
		return (int)len;
	case PK_THREAD_SELF:
		len = snprintf(self, sizeof(self), "%d/task/%d", me->tgid, me->pid);
		len = MIN(len, size);
		memcpy(buf, self, len);
		return (int)len;
	case PK_FDLINK:
		return procfs_pid_fd(n->pid, n->fd, buf, size);
	case PK_PIDFILE:
		if (pid_files[n->index].link)
			return pid_files[n->index].link(n->pid, buf, size);
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

static int procfs_jump(struct vnode *vn, struct vnode **out)
{
	struct pnode *n = PN(vn);

	return n->kind == PK_FDLINK ? procfs_pid_fd_node(n->pid, n->fd, out) : 0;
}

/* One page of the file's text from off: a read gives at most a page,
 * as Linux's seq_file reads do, and a reader asks again for the rest. */
static long procfs_read(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct pnode *n = PN(vn);
	struct pbuf b = { .off = off };
	int err;

	if ((kind_mode(n) & S_IFMT) == S_IFDIR)
		return -EISDIR;
	if (n->kind != PK_SYS && n->kind != PK_PIDFILE && n->kind != PK_SYSCTL)
		return -EINVAL;
	if (!(b.page = kalloc()))
		return -ENOMEM;
	if (n->kind == PK_SYS)
		err = sys_files[n->index].gen(&b);
	else if (n->kind == PK_SYSCTL)
		err = sysctl_read(n->index, &b);
	else
		err = pid_files[n->index].gen(n->pid, &b);
	long moved = err < 0 ? err : b.len ? uio_move(u, b.page, b.len, false) : 0;
	kfree(b.page);
	return moved;
}

/* Linux's root opens any of these for writing; the write fails but to
 * a writable /proc/sys file: EIO from a system-wide file (a proc_ops
 * without proc_write), EINVAL from a process's (a file_operations
 * without write). */
static long procfs_write(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct pnode *n = PN(vn);

	if (n->kind == PK_SYSCTL)
		return sysctl_write(n->index, off, u);
	return n->kind == PK_SYS ? -EIO : -EINVAL;
}

/* A /proc/sys file that is not writable is not, root or not (Linux's
 * proc_sys_permission); the rest open for writing, as Linux's do. */
static int procfs_open(struct vnode *vn, struct file *f, int flags)
{
	struct pnode *n = PN(vn);

	if (n->kind == PK_SYSCTL && (flags & O_ACCMODE) != O_RDONLY && !(kind_mode(n) & 0200))
		return -EACCES;
	return 0;
}

/* The system-wide files and most of a process's are seq_files. */
static int64_t procfs_seek_end(struct vnode *vn)
{
	struct pnode *n = PN(vn);

	if (n->kind == PK_SYS || (n->kind == PK_PIDFILE && pid_files[n->index].seq))
		return -EINVAL;
	return 0;
}

/* ---- new names: none ---- */

/* Linux's procfs lookup fails where another type gives a negative
 * entry, so a new name in /proc is ENOENT (EEXIST if taken), not the
 * EACCES or EPERM of a type that makes no nodes. */
static int no_new_name(struct vnode *dir, const char *name)
{
	struct vnode *vn;
	int err = procfs_lookup(dir, name, &vn);

	if (err == 0)
		vput(vn);
	return err == 0 ? -EEXIST : err;
}

static int procfs_create(struct vnode *dir, const char *name, uint32_t mode, struct vnode **out)
{
	return no_new_name(dir, name);
}

static int procfs_symlink(struct vnode *dir, const char *name, const char *target)
{
	return no_new_name(dir, name);
}

static int procfs_link(struct vnode *dir, const char *name, struct vnode *vn)
{
	return no_new_name(dir, name);
}

static const struct vnode_ops procfs_ops = {
	.lookup = procfs_lookup,
	.create = procfs_create,
	.symlink = procfs_symlink,
	.link = procfs_link,
	.open = procfs_open,
	.write = procfs_write,
	.seek_end = procfs_seek_end,
	.readdir = procfs_readdir,
	.getattr = procfs_getattr,
	.readlink = procfs_readlink,
	.jump = procfs_jump,
	.read = procfs_read,
	.inactive = procfs_inactive,
};

/* ---- the type ---- */

static int procfs_mount(struct vfs *vfs, struct bdev *dev, const char *options)
{
	if (!(vfs->root = node_make(vfs, &(struct pnode){ .kind = PK_ROOT })))
		return -ENOMEM;
	return 0;
}

static int procfs_statfs(struct vfs *vfs, struct vstatfs *out)
{
	memset(out, 0, sizeof(*out));
	out->type = PROC_SUPER_MAGIC;
	out->bsize = PGSIZE;
	out->namelen = VNAME_MAX;
	return 0;
}

/* The root's two references go (the vfs's and the one umount's caller
 * gave the layer), so its slot is free again. */
static void procfs_unmount(struct vfs *vfs)
{
	vput(vfs->root);
	vput(vfs->root);
}

static const struct fstype procfs_type = {
	.name = "proc",
	.mount = procfs_mount,
	.statfs = procfs_statfs,
	.unmount = procfs_unmount,
};

/* At boot, before anything mounts it. */
void procfs_init(void)
{
	initlock(&nodes.lock, "procfs", LOCK_LEAF);
	vfs_register(&procfs_type);
}
