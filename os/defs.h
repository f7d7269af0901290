/*
 * Every function one kernel file calls in another, in one place, so the
 * kernel's whole surface can be read at once.
 */
#ifndef DEFS_H
#define DEFS_H
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "errno.h"
#include "signal.h"
#include "spinlock.h"
#include "proc.h"

/*
 * The lock order, in one place. A hart may acquire a spinlock only if
 * its rank is higher than that of every spinlock the hart holds, and a
 * process may acquire a sleep lock only if its rank is higher than that
 * of every sleep lock it holds; acquire() and acquiresleep() panic on a
 * violation. No spinlock is held across a sleep (sched() checks), so the
 * two orders never mix: sleep locks come first, spinlocks after.
 *
 * Sleep locks:  fs (the mount table and every FAT volume) -> bcache
 *               -> sd (the SD card's bus);
 *               cons.out stands alone.
 * Spinlocks:    LOCK_COND: what sleep() waits under (cons, disk, ticks,
 *                 wait_lock, each sleep lock's own spinlock); never nested
 *               -> LOCK_PROC: p->lock (sleep and wakeup take it under a
 *                 LOCK_COND lock); one at a time
 *               -> LOCK_LEAF: kmem and each hart's page cache, ftable,
 *                 itable, textcache, klog, pid, enosys: nothing is
 *                 acquired while one is held
 * A hart never waits for a p->lock in its scheduler (try_acquire), and
 * IPIs owed under a spinlock are sent when the hart lets go of its last
 * one (sched.c): under QEMU a lock holder's host thread can be
 * descheduled, and a hart spinning for it then spins for milliseconds.
 */
/* LOCK_COND, LOCK_PROC, LOCK_LEAF are in proc.h, which struct cpu needs */
enum { SLEEP_FS = 1, SLEEP_BCACHE, SLEEP_SD, SLEEP_CONS_OUT };

struct file;
struct stat;
struct fat_node;

/* boot.c */
struct bootinfo {
	uint64_t mem_base, mem_size;
	uint64_t uart, uart_irq;
	int uart_kind;		/* UART_NS16550 or UART_SIFIVE */
	uint64_t plic;
	int plic_sctx[NHARTID];	/* hart id -> its S-mode PLIC context, -1 if unknown */
	uint64_t test;		/* sifive,test0 (QEMU's exit device), 0 if none */
	uint64_t sdspi;		/* sifive,spi0 with an mmc-spi-slot, 0 if none */
	int sdcs;		/* that slot's chip select */
	uint64_t timebase;	/* rdtime ticks per second */
	uint64_t rtc;		/* Goldfish RTC, 0 if none */
	int nvirtio;
	struct { uint64_t base, irq; } virtio[VIRTIO_MMIO_SLOTS];
	int nharts;
	uint64_t harts[NCPU];	/* hart ids with an MMU, in tree order */
	char bootargs[128];
};
extern struct bootinfo bootinfo;
void power_off(bool failure) __attribute__((noreturn));
int harts_running(void);
bool bootarg(const char *key, char *val, size_t n);

/* sbi.c */
#include "sbi.h"

/* clock.c */
struct civil {
	int year, month, day, hour, min, sec;
};
uint64_t monotonic_ns(void);
uint64_t realtime_ns(void);
void unix_to_civil(int64_t secs, struct civil *c);
int64_t civil_to_unix(const struct civil *c);

/* systime.c */
int read_timespec(uint64_t addr, uint64_t *ns);

/* random.c */
void random_bytes(void *dst, size_t n);

/* fdt.c */
int fdt_parse(const void *dtb, struct bootinfo *bi);

/* string.c */
void *memset(void *, int, size_t);
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
int memcmp(const void *, const void *, size_t);
size_t strlen(const char *);
int strcmp(const char *, const char *);
int strncmp(const char *, const char *, size_t);
size_t strlcpy(char *, const char *, size_t);
char *strchr(const char *, int);

/* printf.c, klog.c */
#include <stdarg.h>
int vsnprintf(char *, size_t, const char *, va_list);
int snprintf(char *, size_t, const char *, ...) __attribute__((format(printf, 3, 4)));
void kloginit(void);
void klog(const char *, ...) __attribute__((format(printf, 1, 2)));
void kprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
int64_t klog_read_user(uint64_t dst, size_t n);
void panic(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* uart.c, uart_sifive.c, console.c */
enum { UART_NS16550, UART_SIFIVE };
void uartinit(uint64_t base);
void sifive_uart_init(uint64_t base);
void sifive_uart_putc(int c);
void sifive_uart_intr(void);
void uart_putc_sync(int c);
void uartintr(void);
void consoleinit(void);
void console_write_kernel(const char *, size_t);
ssize_t console_write(uint64_t src, size_t n, bool user_src);
ssize_t console_read(uint64_t dst, size_t n, bool user_dst, bool nonblock);
void console_intr(int c);
int console_get_pgrp(void);
void console_set_pgrp(int pgid);

/* spinlock.c, sleeplock.c */
void initlock(struct spinlock *, const char *, int rank);
void acquire(struct spinlock *);
bool try_acquire(struct spinlock *);
void release(struct spinlock *);
bool holding(struct spinlock *);
void push_off(void);
void pop_off(void);
void initsleeplock(struct sleeplock *, const char *, int rank);
void acquiresleep(struct sleeplock *);
void releasesleep(struct sleeplock *);
bool holdingsleep(struct sleeplock *);

/* kalloc.c */
void kinit(uint64_t start, uint64_t end);
void *kalloc(void);
void *kzalloc(void);
void kfree(void *);
void kref(void *);
int page_refs(void *page);
uint64_t free_page_count(void);

/* vm.c */
void kvminit(void);
void kvminithart(void);
void vm_activate(pagetable_t pt);
void vm_activate_kernel(void);
void kvmmap(pagetable_t, uint64_t va, uint64_t pa, uint64_t sz, int perm);
pte_t *walk(pagetable_t, uint64_t va, bool alloc);
uint64_t walkaddr(pagetable_t, uint64_t va);
uint64_t walkaddr_any(pagetable_t, uint64_t va);
int mappages(pagetable_t, uint64_t va, uint64_t size, uint64_t pa, int perm);
pagetable_t uvmcreate(void);
int uvm_map_zeroed(pagetable_t, uint64_t start, uint64_t end, int perm);
void uvmunmap(pagetable_t, uint64_t va, uint64_t npages, bool free);
void uvm_unmap_range(pagetable_t, uint64_t start, uint64_t end);
bool uvm_grow_stack(struct proc *p, uint64_t addr);
void uvmfree(pagetable_t);
int uvmcopy(pagetable_t old, pagetable_t new);
int copyout(pagetable_t, uint64_t dstva, const void *src, size_t len);
int copyin(pagetable_t, void *dst, uint64_t srcva, size_t len);
int copyinstr(pagetable_t, char *dst, uint64_t srcva, size_t max);
void *user_ptr(pagetable_t, uint64_t va, size_t len, bool write);
int64_t user_strlen(pagetable_t, uint64_t va, size_t max);
int either_copyout(uint64_t dst, const void *src, size_t len, bool user_dst);
int either_copyin(void *dst, uint64_t src, size_t len, bool user_src);

/* plic.c */
void plicinit(void);
void plicinithart(void);
int plic_claim(void);
void plic_complete(int irq);

/* trap.c */
void trapinithart(void);
void usertrapret(void) __attribute__((noreturn));
void timer_arm(void);
extern volatile uint64_t ticks;
extern struct spinlock tickslock;

/* fpu.S */
void fpu_save(uint64_t *fregs);
void fpu_restore(const uint64_t *fregs);

/* swtch.S */
void swtch(struct context *old, struct context *new);

/* sched.c */
struct cpu *mycpu(void);
struct proc *myproc(void);
int cpuid(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);
void wakeup_proc(struct proc *p, void *chan, bool sync);
void kick_idle_hart(void);
void make_runnable(struct proc *p, bool sync);
bool must_move(struct proc *p);
void set_affinity(struct proc *p, uint64_t mask);
void send_owed_ipis(struct cpu *c);
void cpu_stats(int i, struct cpustat *out);

/* proc.c */
void procinit(void);
void userinit(void);
int fork(void);
void exit_proc(int status) __attribute__((noreturn));
/* What a reaped child and its reaped children used (wait4's rusage). */
struct child_usage {
	uint64_t cpu_time;	/* rdtime ticks */
	struct loadstat load;
};
int wait4(int pid, uint64_t status_addr, int options, struct child_usage *use);
void loadstat_add(struct loadstat *a, const struct loadstat *b);
int boot_loader_mode(void);
pagetable_t proc_pagetable(struct proc *);
void proc_freepagetable(pagetable_t);
struct proc *proc_find(int pid);
bool proc_cwd_within(const char *dir, size_t len);
int proc_ppid(struct proc *p);
void procdump(void);

/* sysmem.c */
uint64_t brk_limit(struct proc *p);
void vma_release_all(struct proc *p);
void vma_copy(struct proc *from, struct proc *to);

/* robust.c */
void robust_list_release(struct proc *p);

/* signal.c */
int kill(int pid, int sig);
int kill_pgrp(int pgid, int sig);
bool proc_killed(struct proc *);
void signal_deliver(void);
void signal_fault(int sig, uint64_t addr);
void signal_post(struct proc *p, int sig);
void signal_exec_reset(struct proc *p);
void signal_wait(struct proc *p);
int altstack_flags(struct proc *p);

/* coredump.c */
int coredump_fatal(int sig, uint64_t addr);
void coredump_serve(struct proc *p);

/* exec.c, exec_stack.c */
/* What the new program is given: argv and envp are arrays of string
 * pointers in user memory, or in the kernel when user is false (the
 * first exec of /init). A #! script adds up to three kernel strings in
 * front of argv (interpreter, its argument, the script). */
struct exec_args {
	bool user;
	uint64_t argv, envp;
	const char *filename;	/* as the caller named it: AT_EXECFN */
	const char *prefix[3];
	int nprefix;
};
struct ELFseg;
int exec(const char *path, struct exec_args *a);
int64_t build_stack(pagetable_t pt, const struct ELFseg *seg,
		    const struct exec_args *a, uint64_t *stack_low);
int ustack_perm(bool exec);

/* textcache.c */
struct mount;
/* A page of a program file: the file (volume, first cluster), the page's
 * index in it, and the bytes [from, to) of the page that hold the file's
 * (the rest are zero). */
struct tc_key {
	struct mount *m;
	uint32_t cluster, pgoff;
	uint16_t from, to;
};
void textcache_init(void);
void *textcache_get(const struct tc_key *key);
bool textcache_on(void);
bool textcache_has(const struct tc_key *key);
bool textcache_has_room(struct mount *m, uint32_t cluster);
void textcache_put(const struct tc_key *key, void *page);
void textcache_drop(struct mount *m, uint32_t cluster);
uint64_t textcache_reclaim(void);
uint64_t textcache_pages(void);

/* image.c, fault.c */
int image_read(struct file *f, uint64_t off, void *buf, size_t n);
void image_prefetch(const struct image *img, int i);
int image_fill_page(pagetable_t pt, const struct image *img, uint64_t va, struct loadstat *st);
int image_fault(struct proc *p, uint64_t va, int need);
int image_settle(struct proc *p, uint64_t start, uint64_t end);
uint64_t image_lowest(struct proc *p, uint64_t start, uint64_t end);
void image_stats(struct proc *p, struct loadstat *out);
void image_release(struct image *img);
int image_fork(struct image *child, const struct image *parent);
int user_fault(struct proc *p, uint64_t va, int need);
void user_prefault(uint64_t va, size_t len, int need);
int user_settle(struct proc *p, uint64_t start, uint64_t end);

/* One buffer of a vectored disk transfer: len bytes, a multiple of 512,
 * in the kernel's direct map of RAM (physically contiguous). A vectored
 * read takes at most BVEC_MAX of them (16 pages: 64 KiB). */
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
int bread_sectors(int disk, uint64_t lba, uint32_t count, void *buf, uint32_t ahead);
int bwrite_sectors(int disk, uint64_t lba, uint32_t count, const void *buf);
int bflush(void);
int bread_raw(int disk, uint64_t lba, uint32_t count, void *dst);
/* Block-layer counters, readable from user space with blkstats(2), ours
 * (struct blkstats in uapi/ours.h). */
extern struct blkstats bstats;
int bstats_copy(struct blkstats *out);

/* bdev.c */
struct bdev;
void bdev_probe(void);
struct bdev *bdev_find(const char *abspath);
struct bdev *bdev_get(int i);
bool bdev_overlap(const struct bdev *a, const struct bdev *b);
bool bdev_read_only(const struct bdev *b);
uint64_t bdev_devno(const struct bdev *b);
int bdev_read(struct bdev *b, uint64_t lba, uint32_t count, void *buf, uint32_t ahead);
int bdev_read_vec(struct bdev *b, uint64_t lba, const struct bvec *v, int nv);
int bdev_write(struct bdev *b, uint64_t lba, uint32_t count, const void *buf);
int bdev_read_raw(struct bdev *b, uint64_t lba, uint32_t count, void *buf);

/* mount.c */
struct mount;
struct mount *mount_find(const char *abspath, const char **rel);
bool mount_below(const char *path);
void mount_root(void);
int mount_sync_all(void);
int fs_mount(const char *devpath, const char *target, bool ro);
bool fs_read_only(const char *abspath);
int fs_umount(const char *target);

/* fs.c, inode.c */
struct inode;
struct fat_dirent;
void fsinit(void);
void fs_lock(void);
void fs_unlock(void);
int path_resolve(const char *cwd, const char *path, char *out);
int fs_walk_locked(const char *abspath, struct fat_node *out);
int fs_lookup(const char *abspath, struct fat_node *out);
int fs_open(const char *abspath, int flags, struct inode **out);
void fs_close(struct inode *ip, bool writable);
int fs_mkdir(const char *abspath);
int fs_remove(const char *abspath, bool dir);
int fs_rename(const char *from, const char *to);
int fs_sync(void);
int fs_lookup_in(struct inode *dir, const char *name, struct fat_node *out);
long fs_read(struct inode *ip, uint64_t off, void *buf, size_t n);
int fs_read_pages(struct inode *ip, uint64_t off, void *const *pages, int npages);
long fs_write(struct inode *ip, uint64_t off, const void *buf, size_t n);
int fs_truncate(struct inode *ip, uint64_t size);
/* What utimensat changes: each time only if its set_ flag says so. */
struct fat_times {
	bool set_write, set_access;
	uint16_t wdate, wtime, adate;
};
int fs_set_times(const char *abspath, const struct fat_times *t);
int fs_readdir(struct inode *ip, uint32_t *pos, struct fat_dirent *de);
void fat_node_stat(const struct mount *m, const struct fat_node *n, struct stat *st);
struct inode *ifind(const struct mount *m, const struct fat_node *n);
struct inode *iget(struct mount *m, const struct fat_node *n);
bool iany(const struct mount *m);
void iput(struct inode *ip, bool writer);
void idup(struct inode *ip);
int iwriter(struct inode *ip);
int ihold_text(struct inode *ip);
void irelease_text(struct inode *ip);

/* file.c */
struct file *filealloc(void);
struct file *filedup(struct file *);
void fileclose(struct file *);
ssize_t fileread(struct file *, uint64_t addr, size_t n, bool user);
int fileread_pages(struct file *f, void *const *pages, int n);
ssize_t filewrite(struct file *, uint64_t addr, size_t n, bool user);
ssize_t file_pread(struct file *, uint64_t addr, size_t n, uint64_t off);
ssize_t file_pwrite(struct file *, uint64_t addr, size_t n, uint64_t off);
int file_truncate(struct file *, uint64_t size);
int64_t filelseek(struct file *, int64_t off, int whence);
int filestat(struct file *, struct stat *);
int file_open(const char *abspath, int flags, struct file **out);
int file_reopen(struct file *f, struct file **out);
struct file *console_file(void);
int fdalloc(struct file *f, int minfd);

/* sysfile.c: argument helpers the other system calls share */
int fd_file(int fd, struct file **f);
int at_path(int dirfd, int n, char *out);

/* pipe.c */
struct pipe;
int pipe_alloc(struct file **rf, struct file **wf);
void pipe_close(struct pipe *pi, bool writer);
ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);
ssize_t pipe_read(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);

/* syscall.c, compat32.c (32-bit processes' calls), statx.c */
typedef uint64_t (*syscall_fn)(void);
void syscall(void);
syscall_fn syscall_handler(uint64_t num);
syscall_fn syscall32_handler(uint64_t num);
int sysinfo32_out(uint64_t addr, uint64_t uptime, uint64_t totalram, uint64_t freeram,
		  uint16_t procs);
int rusage32_out(uint64_t addr, uint64_t cpu_us, uint64_t minflt, uint64_t majflt,
		 uint64_t inblock);
int stat_at(int dirfd, int flags, struct stat *st);
/* signal32.c */
uint64_t sigframe32_push(struct proc *p, int sig, uint64_t fault_addr, uint64_t top,
			 uint64_t mask);
int sigframe32_pop(struct proc *p, uint64_t *mask);
uint64_t argraw(int n);
int argstr(int n, char *buf, size_t max);
#endif
