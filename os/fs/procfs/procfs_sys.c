/*
 * procfs: the system-wide files, each in Linux's layout (its fs/proc/),
 * since programs such as busybox's free, top, uptime and df parse them.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/vfs.h"
#include "fs/procfs/procfs.h"

#define USER_HZ 100

static uint64_t ticks_to(uint64_t t, uint64_t hz) { return t / bootinfo.timebase * hz + t % bootinfo.timebase * hz / bootinfo.timebase; }

/* "Label:   value kB", the label padded to 16 and the value to 8 (show_val_kb). */
static void kb(struct pbuf *b, const char *label, uint64_t pages)
{
	pb_printf(b, "%-16s%8lu kB\n", label, pages * (PGSIZE / 1024));
}

/*
 * Memory in pages: RAM, the free pages, and the text cache's pages no
 * program maps (given back when memory runs out, so available). Those
 * are sysinfo's bufferram, and Linux's bufferram is meminfo's Buffers:
 * shown there and not again as Cached, since free(1) adds sysinfo's
 * buffers to meminfo's Cached and would count them twice.
 */
int procfs_meminfo(struct pbuf *b)
{
	uint64_t total = bootinfo.mem_size / PGSIZE, free = free_page_count();
	uint64_t cached = textcache_pages();

	kb(b, "MemTotal:", total);
	kb(b, "MemFree:", free);
	kb(b, "MemAvailable:", free + cached);
	kb(b, "Buffers:", cached);
	kb(b, "Cached:", 0);
	kb(b, "SwapCached:", 0);
	kb(b, "Active:", 0);
	kb(b, "Inactive:", cached);
	kb(b, "SwapTotal:", 0);
	kb(b, "SwapFree:", 0);
	kb(b, "Dirty:", 0);
	kb(b, "Writeback:", 0);
	kb(b, "Shmem:", 0);
	kb(b, "Slab:", 0);
	kb(b, "SReclaimable:", 0);
	kb(b, "SUnreclaim:", 0);
	return 0;
}

/* One block per hart, as Linux's riscv show_cpuinfo. */
int procfs_cpuinfo(struct pbuf *b)
{
	for (int i = 0; i < bootinfo.nharts; i++)
		pb_printf(b, "processor\t: %d\nhart\t\t: %lu\nisa\t\t: %s\nmmu\t\t: sv39\n\n", i,
			  bootinfo.harts[i], bootinfo.isa[0] ? bootinfo.isa : "rv64imafdc");
	return 0;
}

/* Idle time of every hart together: the time each did not run processes. */
static uint64_t idle_ticks(uint64_t now, int hart)
{
	struct cpustat s;

	cpu_stats(hart, &s);
	return now > s.busy_time ? now - s.busy_time : 0;
}

int procfs_uptime(struct pbuf *b)
{
	uint64_t now = r_time(), idle = 0;

	for (int i = 0; i < harts_running(); i++)
		idle += idle_ticks(now, i);
	uint64_t up = ticks_to(now, 100), id = ticks_to(idle, 100);
	pb_printf(b, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, id / 100, id % 100);
	return 0;
}

/* Processes that exist, any state. */
static int count_procs(void)
{
	int all = 0;

	for (struct proc *p = proc; p < proc + NPROC; p++)
		all += proc_exists(p);
	return all;
}

/* "1.00 0.50 0.20 running/all lastpid", each average rounded to two
 * places as Linux's loadavg_proc_show does (FIXED_1/200 added). */
int procfs_loadavg(struct pbuf *b)
{
	uint64_t loads[3];

	loadavg_get(loads);
	for (int i = 0; i < 3; i++) {
		uint64_t x = loads[i] + LOAD_FIXED_1 / 200;
		pb_printf(b, "%lu.%02lu ", x >> LOAD_FSHIFT,
			  ((x & (LOAD_FIXED_1 - 1)) * 100) >> LOAD_FSHIFT);
	}
	pb_printf(b, "%d/%d %d\n", procs_active(), count_procs(), proc_last_pid());
	return 0;
}

/* "cpu user nice system idle ..." in 1/USER_HZ s: a hart's busy time
 * (until its process's last switch) is user or system by where the
 * process was, its idle time the rest. */
static void cpu_line(struct pbuf *b, const char *name, uint64_t user, uint64_t busy,
		     uint64_t idle)
{
	uint64_t sys = busy > user ? busy - user : 0;

	pb_printf(b, "%s %lu 0 %lu %lu 0 0 0 0 0 0\n", name, ticks_to(user, USER_HZ),
		  ticks_to(sys, USER_HZ), ticks_to(idle, USER_HZ));
}

int procfs_stat(struct pbuf *b)
{
	uint64_t now = r_time(), busy = 0, user = 0, idle = 0, ctxt = 0;
	int n = harts_running();
	char name[16];

	for (int i = 0; i < n; i++) {
		struct cpustat s;
		cpu_stats(i, &s);
		busy += s.busy_time;
		user += s.user_time;
		idle += idle_ticks(now, i);
		ctxt += s.switches;
	}
	cpu_line(b, "cpu ", user, busy, idle);
	for (int i = 0; i < n; i++) {
		struct cpustat s;
		cpu_stats(i, &s);
		snprintf(name, sizeof(name), "cpu%d", i);
		cpu_line(b, name, s.user_time, s.busy_time, idle_ticks(now, i));
	}
	pb_printf(b, "intr 0\nctxt %lu\nbtime %lu\nprocesses %d\n", ctxt,
		  (realtime_ns() - monotonic_ns()) / 1000000000, proc_last_pid());
	pb_printf(b, "procs_running %d\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		  procs_active());
	return 0;
}

int procfs_version(struct pbuf *b)
{
	pb_printf(b, "Linux version " UTS_RELEASE " (exec@exec) (riscv64-unknown-elf-gcc) "
		  UTS_VERSION "\n");
	return 0;
}

/* "nodev" marks a type that needs no block device. */
int procfs_filesystems(struct pbuf *b)
{
	const struct fstype *t;

	for (int i = 0; (t = vfs_type_at(i)); i++)
		pb_printf(b, "%s\t%s\n", t->needs_dev ? "" : "nodev", t->name);
	return 0;
}

/* A field of a mounts line: space, tab, newline and backslash as octal
 * escapes (Linux's mangle), so that getmntent can split the line. */
static void mangled(struct pbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			pb_printf(b, "\\%03o", (unsigned char)*s);
		else
			pb_put(b, s, 1);
	}
}

struct mounts_arg {
	struct pbuf *b;
	char *path;		/* a page */
};

/* "source mountpoint type options 0 0"; a mount point that has no path
 * now (its directory removed) is left out. */
static void mount_line(struct vfs *v, void *arg)
{
	struct mounts_arg *a = arg;
	int err = v->covered ? vn_path(v->covered, a->path, PGSIZE) : 0;

	if (err < 0)
		return;
	if (!v->covered)
		strlcpy(a->path, "/", PGSIZE);
	mangled(a->b, v->source);
	pb_puts(a->b, " ");
	mangled(a->b, a->path);
	pb_printf(a->b, " %s %s,relatime 0 0\n", v->type->name, v->read_only ? "ro" : "rw");
}

int procfs_mounts(struct pbuf *b)
{
	struct mounts_arg a = { b, kalloc() };

	if (!a.path)
		return -ENOMEM;
	vfs_each(mount_line, &a);
	kfree(a.path);
	return 0;
}
