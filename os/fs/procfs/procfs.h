/*
 * procfs's parts: the generators (procfs_sys.c, procfs_pid.c,
 * procfs_maps.c) that the node types of procfs.c call, each writing a
 * file's whole text into a struct pbuf (pbuf.h).
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H
#include "kern/kern.h"
#include "fs/procfs/pbuf.h"

struct uio;

/* procfs_sys.c: system-wide files, one generator each */
int procfs_meminfo(struct pbuf *b);
int procfs_cpuinfo(struct pbuf *b);
int procfs_uptime(struct pbuf *b);
int procfs_loadavg(struct pbuf *b);
int procfs_stat(struct pbuf *b);
int procfs_version(struct pbuf *b);
int procfs_filesystems(struct pbuf *b);
int procfs_mounts(struct pbuf *b);

/* procfs_pid.c: one process's files; -ESRCH once it has gone */
bool procfs_pid_alive(int pid);
int procfs_pid_auxv(int pid, struct pbuf *b);
int procfs_pid_cmdline(int pid, struct pbuf *b);
int procfs_pid_environ(int pid, struct pbuf *b);
int procfs_pid_stat(int pid, struct pbuf *b);
int procfs_pid_comm(int pid, struct pbuf *b);
int procfs_pid_statm(int pid, struct pbuf *b);
int procfs_pid_status(int pid, struct pbuf *b);
int procfs_pid_exe(int pid, char *buf, size_t size);
int procfs_pid_cwd(int pid, char *buf, size_t size);
/* fd/: the lowest open descriptor at or above fd (-ENOENT: none), and
 * what descriptor fd names */
int procfs_pid_next_fd(int pid, int fd);
int procfs_pid_fd(int pid, int fd, char *buf, size_t size);
int procfs_pid_fd_node(int pid, int fd, struct vnode **out);
/* task/: pid's thread group (its leader's pid), and the lowest thread
 * id of the group at or above tid (-ENOENT: none) */
int procfs_pid_tgid(int pid);
int procfs_pid_next_tid(int pid, int tid);
/* Runs fn(p, arg) with p->lock held and p off every hart (or p the
 * caller), so that its memory and descriptors hold still; fn must not
 * sleep. -ESRCH if no live process has the pid. */
int procfs_with_proc(int pid, int (*fn)(struct proc *p, void *arg), void *arg);
/* Copies [va, va + n) of p's memory into b as far as it is mapped: the
 * bytes copied */
size_t procfs_copy_user(struct proc *p, uint64_t va, size_t n, struct pbuf *b);

/* procfs_sysctl.c: /proc/sys, a table of entries; entry 0 is /proc/sys
 * itself, whose directory is -1 */
uint32_t sysctl_mode(int i);
int sysctl_parent(int i);
const char *sysctl_name(int i);
int sysctl_lookup(int dir, const char *name);	/* the entry, or -ENOENT */
int sysctl_next(int dir, int from);	/* dir's first entry from from on, or -ENOENT */
int sysctl_read(int i, struct pbuf *b);
long sysctl_write(int i, uint64_t off, struct uio *u);

/* procfs_maps.c */
int procfs_pid_maps(int pid, struct pbuf *b);
#endif
