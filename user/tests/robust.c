/*
 * robust: set_robust_list and get_robust_list, and what the kernel does
 * with the list when the process that set it exits or execs: each lock
 * word the process still owned is marked FUTEX_OWNER_DIED (the waiters
 * bit kept), words others own are left alone, the pending lock is
 * handled too, and a broken list (unmapped, circular) hurts nobody.
 * A process waiting on a lock whose owner dies is woken (futex), and
 * so is one waiting on a child's CLONE_CHILD_CLEARTID word when the
 * child exits (what pthread_join waits for).
 * The words live in a MAP_SHARED page, where the parent sees them.
 * (qemu-riscv64 returns ENOSYS for these calls: not in the linux suite.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_set_robust_list 99
#define SYS_get_robust_list 100
#define SYS_mmap 222
#define SYS_futex 98
#define SYS_clone 220
#define FUTEX_WAIT 0
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define L_SIGCHLD 17
#define PROT_RW 3
#define MAP_SHARED_ANON 0x21
#define OWNER_DIED 0x40000000u
#define WAITERS 0x80000000u
#define BAD 8L

/* A lock as glibc lays out a robust mutex: the link, then the word. */
struct lock {
	struct lock *next;
	uint32_t word;
};

struct robust_head {
	struct lock *next;
	long futex_offset;
	struct lock *pending;
};

static struct lock *shared;	/* locks[0..3] in a page parent and child share */

static long
sys_set(void *head, long len)
{
	long r = syscall6(SYS_set_robust_list, (long)head, len, 0, 0, 0, 0);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

static long
sys_get(long pid, void *head, void *len)
{
	long r = syscall6(SYS_get_robust_list, pid, (long)head, (long)len, 0, 0, 0);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

/* Runs child() in a child process and waits for it to exit 0. */
static void
in_child(const char *what, void (*child)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		child();
		_exit(0);
	}
	check_long(what, wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
}

static void
calls(void)
{
	struct robust_head head = { 0 };
	void *got = NULL;
	size_t len = 0;

	check_errno("set_robust_list with len 23", sys_set(&head, 23), EINVAL);
	check_long("set_robust_list", sys_set(&head, sizeof head), 0);
	check_long("get_robust_list(0)", sys_get(0, &got, &len), 0);
	check_long("gives the head back", got == (void *)&head, 1);
	check_long("and its size", len, 24);
	check_long("get_robust_list(getpid())", sys_get(getpid(), &got, &len), 0);
	check_errno("get_robust_list bad head pointer", sys_get(0, (void *)BAD, &len), EFAULT);
	check_errno("get_robust_list bad len pointer", sys_get(0, &got, (void *)BAD), EFAULT);
	check_errno("get_robust_list of no process", sys_get(99999, &got, &len), ESRCH);
	check_long("set_robust_list(NULL) forgets it", sys_set(NULL, sizeof head), 0);
}

/* The child owns locks 0 (with a waiter), 1 (pending) and 3; lock 2 is
 * another process's. */
static void
die_holding_locks(void)
{
	static struct robust_head head;
	uint32_t tid = getpid();

	head.futex_offset = offsetof(struct lock, word);
	head.next = &shared[0];
	shared[0].next = &shared[2];
	shared[2].next = &shared[3];
	shared[3].next = (struct lock *)&head;
	head.pending = &shared[1];
	shared[0].word = tid | WAITERS;
	shared[1].word = tid;
	shared[2].word = 12345;
	shared[3].word = tid;
	sys_set(&head, sizeof head);
}

static void
owner_died(void)
{
	in_child("a child exits holding locks", die_holding_locks);
	check_long("lock 0: owner died, waiters kept", shared[0].word, OWNER_DIED | WAITERS);
	check_long("lock 1 (pending): owner died", shared[1].word, OWNER_DIED);
	check_long("lock 2 (another owner): untouched", shared[2].word, 12345);
	check_long("lock 3: owner died", shared[3].word, OWNER_DIED);
}

static void
die_with_circular_list(void)
{
	static struct robust_head head;

	head.futex_offset = offsetof(struct lock, word);
	head.next = &shared[0];
	shared[0].next = &shared[1];
	shared[1].next = &shared[0];	/* never back to the head */
	shared[0].word = shared[1].word = getpid();
	sys_set(&head, sizeof head);
}

static void
die_with_bad_list(void)
{
	static struct robust_head head;

	head.futex_offset = 1;	/* every word misaligned */
	head.next = &shared[0];
	shared[0].next = (struct lock *)BAD;
	sys_set(&head, sizeof head);
}

static void
die_with_bad_head(void)
{
	sys_set((void *)BAD, sizeof(struct robust_head));
}

static void
broken_lists(void)
{
	in_child("a child exits with a circular list", die_with_circular_list);
	check_long("both its locks marked", shared[0].word == OWNER_DIED &&
		   shared[1].word == OWNER_DIED, 1);
	in_child("a child exits with a misaligned list", die_with_bad_list);
	in_child("a child exits with an unmapped head", die_with_bad_head);
}

/* exec ends the old image's locks too: the child execs /bin/true. */
static void
exec_with_lock(void)
{
	static struct robust_head head;
	char *argv[] = { "true", NULL };

	head.futex_offset = offsetof(struct lock, word);
	head.next = &shared[0];
	shared[0].next = (struct lock *)&head;
	shared[0].word = getpid();
	sys_set(&head, sizeof head);
	execve("/bin/true", argv, NULL);
	_exit(1);
}

/* futex wait on *word while it is val, for at most 5 s: 0 if woken. */
static long
wait_word(volatile uint32_t *word, uint32_t val)
{
	struct { long sec, nsec; } five = { 5, 0 };

	return syscall6(SYS_futex, (long)word, FUTEX_WAIT, val, (long)&five, 0, 0);
}

/* The child holds lock 0 with a waiter (the parent), long enough for
 * the parent to sleep on it, and exits. */
static void
die_while_waited_on(void)
{
	static struct robust_head head;

	head.futex_offset = offsetof(struct lock, word);
	head.next = &shared[0];
	shared[0].next = (struct lock *)&head;
	head.pending = NULL;
	shared[0].word = getpid() | WAITERS;
	sys_set(&head, sizeof head);
	pause_ms(100);
	_exit(0);
}

static void
waiters_woken(void)
{
	volatile uint32_t *word = &shared[0].word;
	int status;

	*word = 0;
	pid_t pid = fork();
	if (pid == 0)
		die_while_waited_on();
	while (*word == 0)
		pause_ms(1);
	check_long("a waiter of a lock whose owner dies is woken", wait_word(word, *word), 0);
	check_long("  the lock: owner died, waiters kept", *word, OWNER_DIED | WAITERS);
	waitpid(pid, &status, 0);

	/* a fork-like clone with its tid word in the shared page */
	*word = 0;
	pid = syscall6(SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | L_SIGCHLD, 0, 0, 0,
		       (long)word, 0);
	if (pid == 0) {
		pause_ms(100);
		_exit(0);
	}
	for (int i = 0; i < 1000 && *word == 0; i++)
		pause_ms(1);	/* Linux writes it when the child first runs */
	check_long("CLONE_CHILD_SETTID wrote the child's tid", *word == (uint32_t)pid, 1);
	check_long("a waiter of CLONE_CHILD_CLEARTID's word is woken at exit", wait_word(word, pid), 0);
	check_long("  the word is 0", *word, 0);
	waitpid(pid, &status, 0);
}

static void
exec_releases(void)
{
	in_child("a child execs holding a lock", exec_with_lock);
	check_long("its lock: owner died", shared[0].word, OWNER_DIED);
}

int
main(void)
{
	shared = (struct lock *)syscall6(SYS_mmap, 0, 4096, PROT_RW, MAP_SHARED_ANON, -1, 0);
	if ((long)shared < 0 && (long)shared > -4096) {
		printf("FAIL mmap: %ld\n", (long)shared);
		return 1;
	}
	calls();
	owner_died();
	broken_lists();
	exec_releases();
	waiters_woken();
	printf("robust: all passed\n");
	return 0;
}
