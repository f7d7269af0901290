#ifndef PROC_H
#define PROC_H
#include "kern/types.h"
#include "kern/param.h"
#include "kern/spinlock.h"
#include "kern/list.h"
#include "exec/elf.h"
#include "uapi/ours.h"

struct mm;

enum { LOCK_COND = 1, LOCK_PIDS, LOCK_PTIMERS, LOCK_TIMER, LOCK_CHAN, LOCK_GROUP, LOCK_PROC, LOCK_LEAF };	/* see kern.h */

/* Callee-saved registers for kernel context switches (swtch.S). */
struct context {
	uint64_t ra, sp;
	uint64_t s[12];
};

/* Per-hart state; tp holds the hart's index into cpus[]. */
struct cpu {
	struct proc *proc;	/* running here, or NULL */
	struct proc *prev;	/* switched from straight, still locked (sched.c) */
	struct context context;	/* swtch() here to enter the scheduler */
	int noff;		/* depth of push_off() */
	int intena;		/* interrupts enabled before the first push_off? */
	uint64_t hartid;
	uint8_t nheld[LOCK_LEAF + 1];	/* spinlocks held, by rank */
	uint32_t held_ranks;	/* bit r: nheld[r] > 0 (the order check's one test) */
	uint64_t ipi_owed;	/* bit i: an IPI to cpus[i], sent at the last pop_off */
	struct spinlock rqlock;	/* guards runq */
	struct list runq;	/* the RUNNABLE processes at home here, oldest first (sched.c) */
	bool rescan;		/* a process was made runnable for it while idle */
	struct cpustat stat;	/* what the scheduler did here (sched.c) */
	struct proc *fpu;	/* whose f registers this hart holds (trap.c) */
};

/*
 * Saved user state, a page in the process's slot (mm/procslot.c); while
 * the process is in user mode sscratch points at it (in the kernel, at
 * the process). uservec.S
 * depends on the offsets, and fpu.S on fcsr following fregs.
 */
struct trapframe {
	uint64_t kernel_sp;	/*   0 */
	uint64_t kernel_hartid;	/*   8 */
	struct proc *proc;	/*  16: whose it is, usertrap's argument */
	uint64_t epc;		/*  24 */
	uint64_t regs[32];	/*  32: regs[i] is x<i>; regs[0] unused */
	uint64_t fregs[32];	/* 288 */
	uint64_t fcsr;		/* 544 */
};

#define REG_RA 1
#define REG_SP 2
#define REG_TP 4
#define REG_A0 10
#define REG_A7 17

/* A mapped or running file's path, for /proc/PID/maps and exe and core
 * files (NT_FILE): shared by the regions cut from one mapping, by a
 * child's copies of them, and by the processes running one program, in
 * a page of its own; a path too long for the page's rest (Linux's
 * PATH_MAX is a page) has a second page. A name holds no file open: a
 * private mapping is a copy, and its file can still be removed or
 * replaced. */
struct mapname {
	int ref;		/* atomic (mapname_hold, mapname_put) */
	uint64_t dev, ino;	/* the file's st_dev and st_ino, for maps */
	char *path;		/* short_path, or a page of its own */
	char short_path[PGSIZE - 32];
};

/* A region made by mmap (an mm keeps them in order: mm/vma.c). */
struct vma {
	uint64_t start, end;
	struct file *file;	/* MAP_SHARED of a file: its pages, or a copy written back */
	/* file's mapping may be made writable (Linux's VM_MAYWRITE):
	 * counted in its node's mapwritable, which F_SEAL_WRITE checks */
	bool maywrite;
	struct file *src;	/* MAP_PRIVATE of a file: its pages' source (madvise, mremap) */
	struct mapname *name;	/* of a file, shared or private; NULL if anonymous */
	uint64_t offset;	/* file offset of start */
	int perm;		/* its pages' PTE bits: what a fault maps (filemap.c, fault.c) */
	bool lazy;		/* anonymous private: pages made at the first touch */
	bool locked;		/* mlock'd (VM_LOCKED): /proc/PID/status VmLck */
	bool dontfork;		/* madvise(MADV_DONTFORK): a forked child has no such region */
};

/* The program a process runs, as exec loaded it (image.c): the
 * program's segments, then its interpreter's if it has one, where they
 * went (the load bias applied), and the auxv exec gave it. Core files
 * are written from this record, not from the files, which may have
 * changed since. */
#define IMAGE_PROGRAM 0
#define IMAGE_INTERP 1
#define IMAGE_NFILES 2
#define IMAGE_MAX_SEG (2 * ELF_MAX_LOAD)
#define IMAGE_AUXV 27		/* auxv pairs, AT_NULL's included (exec_stack.c) */
struct image {
	struct file *file[IMAGE_NFILES];	/* lazy: program and interpreter, open for this process alone */
	/* each file's text cache key (its node's text_id, image_hold_file):
	 * asked once, not by an indirect call for every page */
	uint32_t text_id[IMAGE_NFILES];
	uint64_t dev[IMAGE_NFILES], ino[IMAGE_NFILES];	/* each file's st_dev, st_ino (maps) */
	bool lazy;		/* pages are filled on first touch */
	bool lazy_heap;		/* brk only moves the break; pages come on first touch */
	int nseg;
	struct elf_load seg[IMAGE_MAX_SEG];	/* not overlapping, each file's sorted */
	uint8_t seg_file[IMAGE_MAX_SEG];	/* IMAGE_PROGRAM or IMAGE_INTERP */
	bool settled[IMAGE_MAX_SEG];	/* loaded whole: ordinary memory now */
	char interp[ELF_INTERP_MAX];	/* the interpreter's path, "" if none (the program's: exe) */
	uint64_t auxv[2 * IMAGE_AUXV];	/* as on the new stack, in 8-byte words */
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

#define NSIG 65
#define SIG_DFL 0
#define SIG_IGN 1

/* Who sent a pending signal, for its siginfo; 8 bytes, as two arrays
 * of them are in struct proc, before fields read on every trap. */
struct sigsender {
	int32_t pid;		/* 0: the kernel; SIGCHLD's: the child */
	int16_t code;		/* SI_USER, SI_TKILL, SI_KERNEL, or SIGCHLD's CLD_* */
	int16_t status;		/* SIGCHLD's si_status: exit code or signal */
};

/* sigaltstack's stack; size 0: none. */
struct altstack {
	uint64_t sp, size;
};

/* What rt_sigaction set for one signal. */
struct sigact {
	uint64_t handler;	/* SIG_DFL, SIG_IGN or an address */
	uint64_t flags;		/* SA_* */
	uint64_t mask;		/* blocked while the handler runs */
};

/* A descriptor: its open file and its close-on-exec flag. */
struct fdslot {
	struct file *file;
	bool cloexec;
};
#define FDS_PER_PAGE 256	/* slots in a page (file.c checks) */
#define FD_BORROW_MAX 4	/* descriptors one system call looks up (it takes one or two) */

/* The descriptor table: a page of slots for each FDS_PER_PAGE
 * descriptors, kalloc'd when one of them is first used and freed when
 * the last thread of its group exits. The group's threads share it (the
 * leader's); while more than one lives, its changes are made under the
 * group's lock (file.c). */
struct fdtable {
	struct fdslot *page[NOFILE_MAX / FDS_PER_PAGE];
};

/*
 * A thread group (Linux's signal_struct): what the threads that clone
 * made with CLONE_THREAD share beyond the fields of struct proc that
 * belong to the group (marked "group's" below, read and written in the
 * leader: p->leader->...). It lives in the leader, whose slot is the
 * group's until the last thread is gone and wait4 reaps it (thread.c).
 */
struct tgroup {
	/* guards the rest but dead, and changes to the descriptor table
	 * while nlive > 1; taken before a thread's p->lock */
	struct spinlock lock;
	struct list threads;	/* the live threads, by tlink */
	int nlive;		/* threads that have not exited */
	uint64_t pending;	/* process-directed signals every thread blocks */
	struct sigsender sigfrom[NSIG];	/* of each of them */
	bool exiting;		/* exit_group or a fatal signal: every thread dies */
	struct proc *execer;	/* de-threading for exec: the others die */
	int status;		/* the group's wait status, once exiting */
	bool dead;		/* (wait_lock) every thread gone and the group's
				 * things let go: wait4 may reap the leader */
	/* job control (jobctl.c): */
	int stop_sig;		/* the signal the group stops for; 0: it runs */
	int nparked;		/* its threads parked for that stop */
	int report;		/* CLD_STOPPED or CLD_CONTINUED that wait has
				 * yet to report, 0 if none */
	int report_sig;		/* the stop signal of a CLD_STOPPED report */
	bool cont_owed;		/* the parent is yet to get CLD_CONTINUED */
	/* signals pending with what they tell beyond a struct sigsender
	 * (sigqueue.c): the group's and each of its threads' */
	struct list sigq;	/* struct sigq, oldest first */
	int nqueued;		/* how many; read under a thread's p->lock too */
	struct ptimers *timers;	/* its POSIX timers and CPU-time itimers (ptimer.c), NULL if none yet */
};

struct proc {
	struct spinlock lock;
	/* p->lock must be held for these: */
	enum procstate state;
	/* not p->lock's but its group's: the group is stopping, p is to park
	 * before user mode (jobctl.c); the return to user mode glances at it
	 * without a lock. In the padding before chan. */
	bool stop_req;
	void *chan;		/* sleeping on chan */
	struct list rq;		/* in cpus[home].runq while RUNNABLE (and that queue's lock) */
	struct list chanq;	/* among chan's sleepers (its bucket's lock; sched.c) */
	uint64_t sigpending;	/* bit n - 1: signal n pending (Linux's sigset) */
	/* a live dump asked of this process (coredump.c); near the top, so
	 * that the return to user mode reads core_req in one load */
	int core_req;		/* CORE_* */
	/* the thread's own: how many of borrowed[] its system call holds;
	 * read after every call, so near the top too (a short offset) */
	int nborrowed;
	int64_t core_res;	/* the dump's size or -errno, once CORE_DONE */
	char *core_path;	/* the asker's page for the core's path */
	int xstatus;		/* wait status for the parent (Linux encoding) */
	int pid;		/* the thread's id (gettid) */
	int pgid;		/* group's */
	int sid;		/* group's; session: the pid of its leader (setsid) */
	struct sigsender sigfrom[NSIG];	/* of each pending signal */

	/* wait_lock must be held for these (but see proc_ppid); the
	 * group's (a thread other than the leader has none; an exited one
	 * is on the list of dead threads by its sibling, proc.c): */
	struct proc *parent;
	int ppid;		/* parent's pid, written with parent (getppid reads it alone) */
	struct list children;	/* processes whose parent this is, by sibling */
	struct list sibling;	/* in parent->children */
	bool vfork_wait;	/* its parent sleeps until it execs or exits (vfork) */

	/* The registry's (pid.c): pids_lock for all, atomic for refs */
	struct list all;	/* in the list of every registered process */
	int refs;		/* the registry's (until reaped) and proc_get's */

	/* Fixed while the thread lives (exec's de-thread changes them with
	 * every other thread gone): */
	int tgid;		/* the group's pid: getpid, one load */
	struct proc *leader;	/* holds the group's things; p itself if alone */
	struct list tlink;	/* in the leader's group.threads (group.lock) */
	bool autoreap;		/* a thread other than the leader: never
				 * waited for, its slot freed once it is off its
				 * hart (proc.c's dead threads) */
	struct tgroup group;	/* the group's, if p is a leader */

	/* Private to the process (or its creator before it runs): */
	int slot;		/* its slot in the process area (mm/procslot.c) */
	int home;		/* cpus[] index it last ran on (p->lock; sched.c) */
	uint64_t affinity;	/* bit i: it may run on cpus[i] (p->lock) */
	uint64_t caps[3];	/* capabilities: effective, permitted, inheritable (capability.c) */
	int nice;		/* -20..19, kept, not weighed (prio.c; p->lock) */
	uint64_t kstack;
	struct mm *mm;		/* its address space (mm/mm.h) */
	pagetable_t pagetable;	/* mm->pagetable, read on every trap and copy */
	struct trapframe *trapframe;
	struct context context;
	/* read on every trap's return: a short offset */
	bool is32;		/* runs a 32-bit (ELFCLASS32) program: UXL = 1, below 2 GiB */
	int fpu_cpu;		/* cpus[] index that loaded its f registers last, -1 if none (trap.c) */
	/* clock ticks that found it running in user mode, in the kernel
	 * (trap.c): cpu_time is split between the two in their ratio */
	uint32_t uticks, sticks;
	char exec_reason[96];	/* why the last failed exec was refused */
	uint32_t sleeplocks;	/* bit r: holds the sleep lock of rank r */
	struct sigact sigact[NSIG];	/* group's: disposition of each signal */
	uint64_t sigblocked;	/* bit n - 1: signal n blocked (p->lock) */
	struct altstack altstack;	/* sigaltstack's; dropped at exec */
	uint64_t saved_mask;	/* rt_sigsuspend's: restored by the handler's return */
	bool has_saved_mask;
	bool restart;		/* the call returning ended with ERESTARTSYS (signal.c) */
	uint64_t clear_child_tid;	/* set_tid_address: zeroed at exit */
	uint64_t robust_list;	/* set_robust_list's head, walked at exit and exec */
	uint64_t cpu_time;	/* rdtime ticks spent running, so far */
	uint64_t child_cpu_time;	/* of the children it has reaped */
	uint64_t child_utime;	/* of that, in user mode */
	uint64_t run_start;	/* rdtime when it last started running */
	uint64_t start_time;	/* rdtime when fork made it (/proc/PID/stat's starttime) */
	uint64_t alarm_at;	/* group's: ticks when SIGALRM is due, 0 = none (tickslock) */
	uint64_t alarm_interval;	/* ticks between repeats, 0 = once */
	struct loadstat lstat;	/* of this process, since its exec */
	struct loadstat child_lstat;	/* summed over the children it reaped */
	int loader;		/* LOADER_*: how the programs it execs are loaded */
	unsigned int persona;	/* personality(2)'s: ADDR_NO_RANDOMIZE turns exec/layout.c off */
	struct mapname *exe;	/* the program running, for /proc/self/exe; NULL if none */
	uint64_t exec_sp;	/* sp the program started with: argv, envp, auxv */
	uint64_t core_limit[2];	/* group's: RLIMIT_CORE, soft and hard, in bytes */
	struct fdtable fds;	/* group's */
	/* files the running system call looks at, each referenced while
	 * threads share the table (fd_file), let go when the call returns */
	struct file *borrowed[FD_BORROW_MAX];
	uint64_t nofile_limit[2];	/* group's: RLIMIT_NOFILE, soft and hard */
	uint64_t fsize_limit[2];	/* group's: RLIMIT_FSIZE, in bytes (fs/file.c) */
	uint64_t nproc_limit[2];	/* group's: RLIMIT_NPROC: kept, not enforced (we are root) */
	struct vnode *cwd;	/* group's; referenced; NULL (the root) before the fs is up */
	uint32_t umask;		/* group's; taken off new files' modes (fs/open.c) */
	char name[16];
};

enum { CORE_NONE, CORE_ASKED, CORE_BUSY, CORE_DONE };
#define WCOREFLAG 0x80		/* in a wait status: a core was dumped */

extern struct cpu cpus[NCPU];
#endif
