/*
 * The kernel's core: locks, the log, formatting and strings, the
 * scheduler's sleep and wakeup, processes, signals, the system call
 * table, boot. Every room includes this header first.
 */
#ifndef KERN_KERN_H
#define KERN_KERN_H
#include "kern/types.h"
#include "kern/param.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "arch/arch.h"
#include "uapi/linux/errno.h"
#include "uapi/linux/signal.h"
#include "kern/spinlock.h"
#include "kern/proc.h"

struct file;
struct kstat;
struct timespec;

/*
 * The lock order, in one place. A hart may acquire a spinlock only if
 * its rank is higher than that of every spinlock the hart holds, and a
 * process may acquire a sleep lock only if its rank is higher than that
 * of every sleep lock it holds; acquire() and acquiresleep() panic on a
 * violation. No spinlock is held across a sleep (sched() checks), so the
 * two orders never mix: sleep locks come first, spinlocks after.
 *
 * Sleep locks:  mm (an address space's, mm/mm.h; not taken yet)
 *               -> rawdisk (reads of a whole disk, file.c) -> fat (each
 *               FAT volume: one at a time, never two) -> bcache
 *               -> sd (the SD card's bus);
 *               cons.out stands alone;
 *               tmpfs (one per instance) stands alone: its holder
 *               takes only spinlocks (kalloc) and never faults (the
 *               layer prefaults user buffers before it calls tmpfs).
 * Spinlocks:    LOCK_COND: what sleep() waits under (tty, disk, ticks,
 *                 wait_lock, each sleep lock's own spinlock, futex
 *                 buckets, pipes, flocks: file locks); never nested, but two futex buckets
 *                 or two pipes (splice, tee) (acquire_two: in address order)
 *               -> LOCK_PIDS: the registry of processes (pids, pid.c;
 *                 its walks take p->lock under it), the process slots
 *                 (procslot, mm/procslot.c); one at a time
 *               -> LOCK_PTIMERS: a group's POSIX timers (ptimer.c); the
 *                 tick counts its CPU-time timers down under it
 *               -> LOCK_TIMER: the list of sleep deadlines (timer.c);
 *                 its tick takes chan's and p's locks under it, and a
 *                 POSIX timer's group's lock
 *               -> LOCK_CHAN: a bucket of wait channels' sleepers (sleep
 *                 and wakeup take it under a LOCK_COND lock); one at a time
 *               -> LOCK_GROUP: a thread group's (thread.c: its threads,
 *                 its pending signals, its descriptor table's changes,
 *                 its stop: jobctl.c, whose parked threads sleep under
 *                 it on no wait channel, woken one by one)
 *               -> LOCK_PROC: p->lock (wakeup takes it under a LOCK_CHAN
 *                 lock, a group's signals under its LOCK_GROUP lock);
 *                 one at a time
 *               -> LOCK_LEAF: kmem and each hart's page cache, ftable,
 *                 mounts, fatvols, fnodes, textcache, klog, slab caches,
 *                 pid, enosys, each hart's run queue: nothing is
 *                 acquired while one is held
 * try_acquire never waits, so the order does not bind it: a switch
 * from one process straight to another takes the new one's p->lock
 * while it holds the old one's (sched.c).
 * A hart never waits for a p->lock in its scheduler (try_acquire), and
 * IPIs owed under a spinlock are sent when the hart lets go of its last
 * one (sched.c): under QEMU a lock holder's host thread can be
 * descheduled, and a hart spinning for it then spins for milliseconds.
 */
/* LOCK_COND .. LOCK_LEAF are in proc.h, which struct cpu needs */
enum { SLEEP_MM = 1, SLEEP_RAWDISK, SLEEP_FS, SLEEP_BCACHE, SLEEP_SD, SLEEP_CONS_OUT, SLEEP_TMPFS };

/* boot.c */
#include "kern/bootinfo.h"
extern struct bootinfo bootinfo;
void power_off(bool failure) __attribute__((noreturn));
void restart_machine(void) __attribute__((noreturn));
int harts_running(void);
bool bootarg(const char *key, char *val, size_t n);
/* What uname(2) and /proc/version say the kernel is. */
#define UTS_RELEASE "6.1.0-exec"
#define UTS_VERSION "#1 SMP exec kernel"

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

/* spinlock.c, sleeplock.c */
void initlock(struct spinlock *, const char *, int rank);
void acquire(struct spinlock *);
void acquire_two(struct spinlock *, struct spinlock *);
bool try_acquire(struct spinlock *);
void release(struct spinlock *);
bool holding(struct spinlock *);
void push_off(void);
void pop_off(void);
void initsleeplock(struct sleeplock *, const char *, int rank);
void acquiresleep(struct sleeplock *);
void releasesleep(struct sleeplock *);
bool holdingsleep(struct sleeplock *);

/* trap.c */
void trapinithart(void);
void usertrapret(struct proc *p) __attribute__((noreturn));
void fpu_forget(struct proc *p);
void timer_arm(void);
extern volatile uint64_t ticks;
extern struct spinlock tickslock;

/* timer.c: a sleeping process's deadline (sched.c's sleep_timed) */
struct ktimer {
	struct list link;	/* among the armed, earliest first */
	uint64_t deadline;	/* monotonic ns */
	struct proc *p;		/* who sleeps */
	void *chan;		/* on what */
	bool fired;		/* the deadline passed and p was woken */
	/* if set, called instead of the wake, from the timer interrupt
	 * under the list's lock (a POSIX timer's expiry, ptimer.c); it may
	 * arm t again, for a later deadline, with ktimer_rearm */
	void (*fn)(struct ktimer *t, uint64_t now);
};
void timer_init(void);
void ktimer_add(struct ktimer *t);
void ktimer_del(struct ktimer *t);
void ktimer_rearm(struct ktimer *t);
uint64_t ktimer_due(void);
void ktimers_fire(void);

/* futex.c */
void futex_init(void);
void futex_wake_one(uint64_t uaddr);

/* loadavg.c: the 1, 5 and 15 minute load averages, fixed point with
 * LOAD_FSHIFT bits of fraction, sampled by hart 0's tick */
#define LOAD_FSHIFT 11
#define LOAD_FIXED_1 (1UL << LOAD_FSHIFT)
void loadavg_tick(uint64_t now);
void loadavg_get(uint64_t loads[3]);
int procs_active(void);	/* processes running or ready to */

/* kprof.c */
enum { KP_OFF, KP_SETUP, KP_ON };	/* kprof_state: OFF -> SETUP (a start) -> ON -> OFF */
extern volatile int kprof_state;
static inline bool kprof_running(void) { return kprof_state == KP_ON; }
uint64_t kprof_due(void);
void kprof_sample(uint64_t now, const uint64_t *kvec);
void kprof_lock(struct spinlock *lk, bool contended, uint64_t waited);

/* sched.c */
/* Interrupts must be off, so the process cannot move to another hart. */
static inline int cpuid(void) { return (int)r_tp(); }
static inline struct cpu *mycpu(void) { return &cpus[cpuid()]; }

/*
 * The process whose kernel stack we are on (NULL on a hart's boot stack,
 * in the scheduler). In the kernel sscratch holds it (in user mode, its
 * trapframe): uservec and run() set it on the hart the process runs on,
 * so unlike cpus[tp].proc one read needs no interrupts off, whose CSR
 * writes are slow under QEMU. As Linux's tp, one instruction: myproc()
 * is called everywhere, and several times on every system call.
 */
static inline struct proc *myproc(void) { return (struct proc *)csr_read(sscratch); }
void scheduler(void) __attribute__((noreturn));
void sched(void);
void finish_switch(void);
void yield(void);
void sleep(void *chan, struct spinlock *lk);
int sleep_timed(void *chan, struct spinlock *lk, uint64_t deadline, bool intr);
int sleep_intr(void *chan, struct spinlock *lk);
int sleep_killable(void *chan, struct spinlock *lk);
void wakeup(void *chan);
void wakeup_proc(struct proc *p, void *chan, bool sync);
void kick_idle_hart(void);
void make_runnable(struct proc *p, bool sync);
void sched_init(void);
void sched_add(struct proc *p);
/* Whether p may run on cpus[i]. A glance: no lock needed to read it. */
static inline bool allowed(struct proc *p, int i)
{
	return (*(volatile uint64_t *)&p->affinity >> i) & 1;
}

/* Whether the running process should give up this hart now: its
 * affinity no longer allows it here (checked on every trap, so inline).
 * Reads tp with interrupts maybe on: a process moved meanwhile is
 * answered for the hart it left, which costs at worst one yield or one
 * trap's delay. */
static inline bool must_move(struct proc *p)
{
	return !allowed(p, (int)r_tp());
}
void set_affinity(struct proc *p, uint64_t mask);
void send_owed_ipis(struct cpu *c);
void tlb_answer(void);	/* mm/tlb.c: a shootdown's flush, if asked (the IPI) */
void cpu_stats(int i, struct cpustat *out);

/* cpuclock.c: which time a CPU-time clock counts (Linux's numbers) */
enum { CPUCLOCK_PROF, CPUCLOCK_VIRT, CPUCLOCK_SCHED, CPUCLOCK_MAX };
bool cpuclock_is(int clk);
struct proc *cpuclock_owner(int clk, bool *thread);
uint64_t cpuclock_time(struct proc *p, bool thread, int which);
int cpuclock_read(int clk, uint64_t *ns);
int cpuclock_res(int clk, uint64_t *ns);
int cpuclock_sleep(int clk, bool absolute, uint64_t ns);

/* capability.c */
void cap_init(struct proc *p);
void cap_exec(struct proc *p);

/* uts.c: uname's node and domain names */
#define UTS_LEN 64	/* Linux's __NEW_UTS_LEN */
enum { UTS_NODENAME, UTS_DOMAINNAME };
void uts_get(int which, char out[UTS_LEN + 1]);
void uts_set(int which, const char *s, size_t n);

/* systime.c */
int read_timespec(uint64_t addr, uint64_t *ns);
int read_itimerspec(uint64_t addr, uint64_t *interval, uint64_t *value);
struct timespec ns_timespec(uint64_t ns);
int sleep_until(uint64_t deadline_ns);

/* proc.c */
void procinit(void);
void userinit(void);
/* What clone(2) gives a child beyond a copy of its parent (0: nothing). */
struct clone_args {
	uint64_t stack;		/* its sp */
	uint64_t tls;		/* its tp, if settls */
	bool settls;
	uint64_t set_tid;	/* where its tid goes in its memory (CLONE_CHILD_SETTID) */
	uint64_t clear_tid;	/* its clear_child_tid (CLONE_CHILD_CLEARTID) */
	uint64_t parent_tid;	/* a thread's: where its tid goes in the caller's memory
				 * (CLONE_PARENT_SETTID), stored before it can run */
	bool share_vm;		/* runs in the parent's mm, not a copy (CLONE_VM) */
	bool vfork;		/* the parent waits for its exec or exit (CLONE_VFORK) */
};
int fork(const struct clone_args *a);
void vfork_done(struct proc *p, bool exiting);
void clear_child_tid_wake(struct proc *p);
void clone_apply(struct proc *np, const struct clone_args *a);
struct proc *allocproc(struct mm *mm, int pgid, int sid);
void thread_free_unrun(struct proc *p);
void proc_reap_dead(void);
void exit_proc(int status) __attribute__((noreturn));
void exit_thread(int status) __attribute__((noreturn));
void group_wait_alone(struct proc *p);
void take_leader(struct proc *p, struct proc *L);
/* What a reaped child and its reaped children used (wait4's rusage). */
struct child_usage {
	uint64_t cpu_time;	/* rdtime ticks */
	uint64_t utime;		/* of them, in user mode */
	struct loadstat load;
};
/* What wait found (set only if it found a child): its pid, and how it
 * changed, as waitid's siginfo says it (CLD_*, si_status) and as
 * wait4's status word does. */
struct wait_result {
	int pid, code, status, wstatus;
};
int wait_child(int pid, int options, struct wait_result *r, struct child_usage *use);
extern struct spinlock wait_lock;
void loadstat_add(struct loadstat *a, const struct loadstat *b);
int boot_loader_mode(void);
void proc_times(struct proc *p, uint64_t *user, uint64_t *sys);
/* pid.c: the registry of processes by pid */
int proc_register(struct proc *p, int pgid, int sid);
void proc_unregister(struct proc *p);
void proc_take_pid(struct proc *p, struct proc *L);
struct proc *proc_get(int pid);
struct proc *proc_get_or_self(int pid);
struct proc *proc_hold(struct proc *p);
void proc_put(struct proc *p);
bool pid_alive(int pid);
int pid_reclaim(void);
int pid_spare_pages(void);
int pid_next(int from);
int proc_walk(int (*fn)(struct proc *p, void *arg), void *arg);
int proc_count(void);
int proc_last_pid(void);
bool pgrp_exists(int pgid);
int pgrp_session(int pgid);
int proc_set_groups(struct proc *p, int pgid, bool session);
void proc_dump_all(void (*fn)(struct proc *p));
struct vnode;
void proc_set_cwd(struct proc *p, struct vnode *vn);
/*
 * p's parent's pid, without wait_lock (getppid is the null system call
 * of benchmarks): p->ppid is written with p->parent, and an int is read
 * whole.
 */
static inline int proc_ppid(struct proc *p)
{
	return __atomic_load_n(&p->leader->ppid, __ATOMIC_RELAXED);
}
void procdump(void);

/* thread.c */
void group_init(struct proc *p);
/* Whether a second thread may use what the group shares at this moment:
 * if not, the caller is the only thread, and nothing can make another
 * while it runs (only a thread of the group clones into it). In line:
 * every descriptor lookup asks. */
static inline bool group_shared(struct proc *p)
{
	return __atomic_load_n(&p->leader->group.nlive, __ATOMIC_RELAXED) > 1;
}
int thread_clone(const struct clone_args *a);
int group_exit_start(int wstatus);
void group_core_dumped(int sig);
bool thread_leave(struct proc *p, int *wstatus);
void thread_account(struct proc *p);
void thread_end(struct proc *p) __attribute__((noreturn));
void thread_discard(struct proc *p);
int dethread(struct proc *p);
int group_threads(struct proc *p);

/* jobctl.c: stopped groups, SIGCONT, orphaned process groups */
#define STOP_SIGNALS ((1UL << (SIGSTOP - 1)) | (1UL << (SIGTSTP - 1)) | \
		      (1UL << (SIGTTIN - 1)) | (1UL << (SIGTTOU - 1)))
bool jobctl_send(struct proc *L, int sig, struct proc *t);
void jobctl_park(struct proc *p);
bool jobctl_leave(struct proc *p, struct tgroup *g);
void jobctl_stopped_by_exit(struct proc *L);
void jobctl_clone(struct proc *np, struct tgroup *g);
int jobctl_report(struct proc *L, int options, int *sig);
bool jobctl_parked(struct proc *p);
bool pgrp_is_orphaned(int pgid);
void jobctl_orphan_exit(struct proc *L);

/* robust.c */
void robust_list_release(struct proc *p);

/* signal.c */
int kill(int pid, int sig);
int kill_self(int sig);
int kill_pgrp(int pgid, int sig);
bool proc_killed(struct proc *);
bool signal_wakes(struct proc *p);
void signal_mask_wait(struct proc *p, uint64_t mask);
void signal_mask_restore(struct proc *p, bool interrupted);
bool signal_fatal(struct proc *p);
void signal_deliver(void);
void signal_fault(int sig, uint64_t addr);
void signal_post(struct proc *p, int sig);
void signal_post_thread(struct proc *t, int sig);
void signal_post_child(struct proc *parent, int pid, int code, int status);
void signal_discard(struct proc *L, uint64_t mask);
void signal_exec_reset(struct proc *p);
void signal_wait(struct proc *p);
int altstack_flags(struct proc *p);
uint64_t sigframe_size(bool is32);
bool signal_ignored(struct proc *p, int sig);
/* What a signal tells its receiver in siginfo past si_code, laid out
 * as rv64's siginfo has it from offset 16. */
struct sigdata {
	int32_t code;		/* si_code */
	int32_t pid;		/* si_pid, or a timer's si_timerid */
	int32_t uid;		/* si_uid, or a timer's si_overrun */
	int32_t pad;
	uint64_t value;		/* si_value (sigqueue, timers); SIGCHLD's si_status */
};
int signal_take(struct proc *p, uint64_t set, struct sigdata *d);
bool signal_pending_in(struct proc *p, uint64_t set);
struct sigq;
bool signal_queue(struct proc *L, struct proc *t, struct sigq *q);

/* sigqueue.c: a signal queued with what it tells (all under its
 * group's lock, and its thread's p->lock for one behind a thread's bit) */
struct ptimer;
struct sigq {
	struct list link;	/* in its group's sigq, oldest first */
	struct proc *to;	/* the thread whose pending bit stands for it; NULL: the group's */
	int sig;
	struct ptimer *timer;	/* a timer's own entry (ptimer.c), not freed here */
	struct sigdata d;
};
struct sigq *sigq_alloc(struct tgroup *g, int sig, const struct sigdata *d);
void sigq_free(struct sigq *q);
void sigq_add(struct tgroup *g, struct sigq *q, struct proc *to);
bool sigq_queued(const struct sigq *q);
int sigq_take(struct tgroup *g, struct proc *to, int sig, struct sigdata *d);
void sigq_claim(struct tgroup *g, struct proc *p, uint64_t mask);
void sigq_drop(struct tgroup *g, struct proc *to, uint64_t mask);
void sigq_cancel(struct tgroup *g, struct sigq *q);
void sigq_move(struct tgroup *from, struct tgroup *to);

/* ptimer.c: POSIX timers, and the CPU-time itimers */
void ptimer_dequeued(struct ptimer *t, struct sigdata *d);
void ptimers_tick(struct proc *p, bool user);
void ptimers_exec(struct proc *L);
void ptimers_exit(struct proc *L);
void ptimers_thread_gone(struct proc *L, struct proc *p);
int itimer_cpu(int which, const uint64_t *value, const uint64_t *interval, uint64_t old[2]);

/* A call a signal ended before it did anything returns this, as
 * Linux's: it runs again once the signal is dealt with, unless a
 * handler without SA_RESTART ran, which sees EINTR (signal.c). */
#define ERESTARTSYS 512
void syscall_restart(struct proc *p);

/* syscall.c, compat32.c (32-bit processes' calls) */
typedef uint64_t (*syscall_fn)(void);
#define NSYSCALLS 514	/* the highest number (SYS_kprof) and one */
extern const syscall_fn syscalls[NSYSCALLS];
void syscall_32(struct proc *p);
void syscall_unknown(struct trapframe *tf, uint64_t num);

/* A 64-bit process's handler of call num, or NULL. */
static inline syscall_fn syscall_handler(uint64_t num)
{
	return num < NSYSCALLS ? syscalls[num] : NULL;
}

/* Runs p's system call; p is the caller, myproc(). In line in usertrap:
 * this is every system call's path. */
static inline void syscall(struct proc *p)
{
	struct trapframe *tf = p->trapframe;

	if (p->is32)
		return syscall_32(p);
	uint64_t num = tf->regs[REG_A7];
	syscall_fn fn = syscall_handler(num);
	if (!fn)
		return syscall_unknown(tf, num);
	uint64_t ret = fn();
	if (__builtin_expect(ret == (uint64_t)-ERESTARTSYS, 0))
		return syscall_restart(p);
	tf->regs[REG_A0] = ret;
}
syscall_fn syscall32_handler(uint64_t num);
int sysinfo32_out(uint64_t addr, uint64_t uptime, uint64_t totalram, uint64_t freeram,
		  uint16_t procs);
int rusage32_out(uint64_t addr, uint64_t user_us, uint64_t sys_us, uint64_t minflt,
		 uint64_t majflt, uint64_t inblock);

/* signal32.c */
uint64_t sigframe32_push(struct proc *p, int sig, uint64_t fault_addr, uint64_t top,
			 uint64_t mask);
int sigframe32_pop(struct proc *p, uint64_t *mask);
uint64_t sigframe32_size(void);
uint64_t argraw(int n);
int argstr(int n, char *buf, size_t max);
#endif
