/*
 * vdso: the vDSO every 64-bit process gets. AT_SYSINFO_EHDR names a
 * valid ELF shared object whose dynamic symbol table exports the five
 * calls under LINUX_4.15 (found as glibc and musl find them); its clocks
 * agree with the system call's (each syscall reading falls between two
 * vDSO readings), monotonic never goes back, on every hart too; the
 * CPU-time and unknown clocks fall back to the call; the data page is
 * read-only and cannot be made writable, a text page made writable is
 * the process's own copy; fork keeps the vDSO, exec gives a fresh one,
 * and signal handlers return through it.
 */
#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define CLOCK_REALTIME_ 0
#define CLOCK_MONOTONIC_ 1
#define CLOCK_CPUTIME_ 2	/* CLOCK_PROCESS_CPUTIME_ID */
#define CLOCK_BOOTTIME_ 7
#define PAGE 4096UL

struct kts {
	int64_t sec, nsec;
};
struct ktv {
	int64_t sec, usec;
};

typedef int clock_fn(int, struct kts *);
typedef int tod_fn(struct ktv *, void *);
typedef int getcpu_fn(unsigned *, unsigned *, void *);

static const Elf64_Ehdr *vdso;
static const char *const names[] = {
	"__vdso_rt_sigreturn", "__vdso_clock_gettime", "__vdso_gettimeofday",
	"__vdso_clock_getres", "__vdso_getcpu",
};
static void *found[5];

static uint64_t
auxval(char **envp, uint64_t type)
{
	while (*envp)
		envp++;
	for (uint64_t *a = (uint64_t *)(envp + 1); a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

/* Its header: an ELF64 RISC-V shared object whose one PT_LOAD starts at
 * the header; returns where its PT_DYNAMIC is. */
static const Elf64_Dyn *
check_header(void)
{
	const Elf64_Phdr *ph = (const void *)((const char *)vdso + vdso->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	int loads = 0;

	check_long("ELF magic", memcmp(vdso->e_ident, ELFMAG, SELFMAG), 0);
	check_long("ELFCLASS64", vdso->e_ident[EI_CLASS], ELFCLASS64);
	check_long("ET_DYN", vdso->e_type, ET_DYN);
	check_long("EM_RISCV", vdso->e_machine, EM_RISCV);
	for (int i = 0; i < vdso->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) {
			loads++;
			check_long("PT_LOAD at the header", ph[i].p_offset | ph[i].p_vaddr, 0);
			check_long("PT_LOAD read-execute", ph[i].p_flags, PF_R | PF_X);
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const void *)((const char *)vdso + ph[i].p_vaddr);
		}
	}
	check_long("one PT_LOAD", loads, 1);
	check_long("PT_DYNAMIC present", dyn != NULL, 1);
	return dyn;
}

/* The version name of symbol i (by its .gnu.version index in .gnu.version_d). */
static const char *
version_of(const Elf64_Half *versym, const Elf64_Verdef *vd, const char *str, int i)
{
	for (;; vd = (const void *)((const char *)vd + vd->vd_next)) {
		if (vd->vd_ndx == (versym[i] & 0x7fff)) {
			const Elf64_Verdaux *aux = (const void *)((const char *)vd + vd->vd_aux);
			return str + aux->vda_name;
		}
		if (!vd->vd_next)
			return "";
	}
}

/* Walks the dynamic symbol table (its size from DT_HASH's chain count)
 * for each name: defined, a function, version LINUX_4.15. */
static void
find_symbols(const Elf64_Dyn *dyn)
{
	const char *base = (const char *)vdso, *str = NULL;
	const Elf64_Sym *sym = NULL;
	const Elf64_Word *hash = NULL;
	const Elf64_Half *versym = NULL;
	const Elf64_Verdef *verdef = NULL;

	for (; dyn->d_tag != DT_NULL; dyn++) {
		const void *at = base + dyn->d_un.d_ptr;
		if (dyn->d_tag == DT_STRTAB)
			str = at;
		else if (dyn->d_tag == DT_SYMTAB)
			sym = at;
		else if (dyn->d_tag == DT_HASH)
			hash = at;
		else if (dyn->d_tag == DT_VERSYM)
			versym = at;
		else if (dyn->d_tag == DT_VERDEF)
			verdef = at;
		else if (dyn->d_tag == DT_RELASZ)
			check_long("no relocations: DT_RELASZ", dyn->d_un.d_val, 0);
	}
	check_long("DT_STRTAB, DT_SYMTAB, DT_HASH, DT_VERSYM, DT_VERDEF",
		   str && sym && hash && versym && verdef, 1);
	for (int n = 0; n < 5; n++) {
		for (Elf64_Word i = 0; i < hash[1]; i++)
			if (strcmp(str + sym[i].st_name, names[n]) == 0 && sym[i].st_shndx != SHN_UNDEF &&
			    ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC &&
			    strcmp(version_of(versym, verdef, str, i), "LINUX_4.15") == 0)
				found[n] = (void *)(base + sym[i].st_value);
		printf("%s %s@LINUX_4.15\n", found[n] ? "ok" : "FAIL", names[n]);
		if (!found[n])
			fail();
	}
}

static int64_t
ns(struct kts t)
{
	return t.sec * 1000000000 + t.nsec;
}

static int64_t
sys_clock(int clk)
{
	struct kts t;

	if (syscall2(SYS_clock_gettime, clk, &t) != 0) {
		printf("FAIL clock_gettime(%d) system call\n", clk);
		fail();
	}
	return ns(t);
}

static int64_t
vdso_clock(int clk)
{
	struct kts t;
	int r = ((clock_fn *)found[1])(clk, &t);

	if (r != 0) {
		printf("FAIL __vdso_clock_gettime(%d) = %d\n", clk, r);
		fail();
	}
	return ns(t);
}

/* The system call's reading falls between two of the vDSO's. */
static void
check_agrees(const char *name, int clk)
{
	int64_t a = vdso_clock(clk), s = sys_clock(clk), b = vdso_clock(clk);
	char what[80];

	snprintf(what, sizeof what, "%s: vdso <= syscall <= vdso", name);
	check_long(what, a <= s && s <= b, 1);
}

static void
check_clocks(void)
{
	static const struct { const char *name; int clk; } clocks[] = {
		{ "CLOCK_REALTIME", CLOCK_REALTIME_ }, { "CLOCK_MONOTONIC", CLOCK_MONOTONIC_ },
		{ "CLOCK_MONOTONIC_RAW", 4 }, { "CLOCK_REALTIME_COARSE", 5 },
		{ "CLOCK_MONOTONIC_COARSE", 6 }, { "CLOCK_BOOTTIME", CLOCK_BOOTTIME_ },
	};
	struct kts t, r1, r2;
	struct ktv tv;
	struct { int32_t west, dst; } tz = { 7, 7 };

	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++)
		check_agrees(clocks[i].name, clocks[i].clk);
	int64_t a = vdso_clock(CLOCK_REALTIME_);
	check_long("__vdso_gettimeofday", ((tod_fn *)found[2])(&tv, &tz), 0);
	int64_t b = vdso_clock(CLOCK_REALTIME_);
	check_long("gettimeofday between two REALTIME readings",
		   a / 1000 <= tv.sec * 1000000 + tv.usec && tv.sec * 1000000 + tv.usec <= b / 1000, 1);
	check_long("its time zone is UTC's", tz.west | tz.dst, 0);
	check_long("__vdso_clock_getres(MONOTONIC)", ((clock_fn *)found[3])(CLOCK_MONOTONIC_, &r1), 0);
	syscall2(SYS_clock_getres, CLOCK_MONOTONIC_, &r2);
	check_long("its resolution is the system call's", ns(r1) == ns(r2) && ns(r1) > 0, 1);
	check_long("CPU-time clock (the system call)", ((clock_fn *)found[1])(CLOCK_CPUTIME_, &t), 0);
	check_long("unknown clock 99 -> -EINVAL", ((clock_fn *)found[1])(99, &t), -EINVAL);
	check_long("clock_getres(99) -> -EINVAL", ((clock_fn *)found[3])(99, &t), -EINVAL);
}

/* n readings of CLOCK_MONOTONIC, each at least the one before; 1 if so. */
static int
monotonic_run(long n)
{
	int64_t last = vdso_clock(CLOCK_MONOTONIC_);

	for (long i = 0; i < n; i++) {
		int64_t now = vdso_clock(CLOCK_MONOTONIC_);
		if (now < last) {
			printf("FAIL monotonic went back: %lld after %lld\n", (long long)now,
			       (long long)last);
			return 0;
		}
		last = now;
	}
	return 1;
}

/* One child pinned to each hart: monotonic never goes back on it, its
 * getcpu is the hart's, and it reads no earlier than the time its parent
 * read before forking it (on another hart, maybe). */
static void
check_harts(void)
{
	int bad = 0, harts = 0;

	for (int cpu = 0; cpu < 4; cpu++) {
		int64_t before = vdso_clock(CLOCK_MONOTONIC_);
		pid_t pid = fork();
		if (pid == 0) {
			unsigned got = 99;
			if (set_affinity(0, 1ULL << cpu) < 0)
				_exit(2);	/* no such hart */
			int ok = vdso_clock(CLOCK_MONOTONIC_) >= before && monotonic_run(20000) &&
				 ((getcpu_fn *)found[4])(&got, NULL, NULL) == 0 && got == (unsigned)cpu;
			_exit(ok ? 0 : 1);
		}
		int status;
		waitpid(pid, &status, 0);
		harts += WEXITSTATUS(status) != 2;
		bad += WEXITSTATUS(status) == 1;
	}
	check_long("harts where the vDSO's clock or getcpu was wrong", bad, 0);
	check_long("at least one hart tried", harts > 0, 1);
}

/* Runs child in a fork; returns its wait status. */
static int
in_child(void (*child)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		child();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void
write_data_page(void)
{
	*(volatile char *)((const char *)vdso - PAGE) = 1;
}

/* A private copy of the text, scribbled over: no other process sees it. */
static void
scribble_text(void)
{
	if (mprotect((void *)vdso, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		_exit(3);
	memset(found[1], 0, 16);
}

static void
check_memory(void)
{
	void *data = (char *)vdso - PAGE;

	check_long("the data page is readable (timebase != 0)", *(const uint64_t *)data != 0, 1);
	int st = in_child(write_data_page);
	check_long("a write to the data page: SIGSEGV", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);
	check_errno("mprotect(data page, PROT_WRITE)", mprotect(data, PAGE, PROT_READ | PROT_WRITE),
		    EACCES);
	st = in_child(scribble_text);
	check_long("a child wrote its own copy of the text", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
	check_long("our text is untouched: clock still runs", vdso_clock(CLOCK_MONOTONIC_) > 0, 1);
}

static volatile uint64_t handler_ra;

static void
handler(int sig)
{
	(void)sig;
	handler_ra = (uint64_t)__builtin_return_address(0);
}

int
main(int argc, char **argv, char **envp)
{
	(void)argv;
	vdso = (const Elf64_Ehdr *)auxval(envp, AT_SYSINFO_EHDR);
	if (argc > 1) {	/* --exec: the fresh image's own vDSO */
		check_long("after exec: AT_SYSINFO_EHDR present", vdso != NULL, 1);
		find_symbols(check_header());
		check_agrees("after exec: CLOCK_MONOTONIC", CLOCK_MONOTONIC_);
		return 0;
	}
	if (!vdso) {
		printf("no vDSO: AT_SYSINFO_EHDR absent\n");
		return 0;
	}
	printf("ok AT_SYSINFO_EHDR present\n");
	check_long("AT_SYSINFO_EHDR page-aligned", (uint64_t)vdso % PAGE, 0);
	find_symbols(check_header());
	check_clocks();
	check_long("monotonic over 100000 readings", monotonic_run(100000), 1);
	check_harts();
	check_memory();

	struct ksigaction sa = { .handler = (unsigned long)handler };
	rt_sigaction(SIGUSR1, &sa, NULL);
	syscall2(SYS_kill, getpid(), SIGUSR1);
	check_long("a handler returns to __vdso_rt_sigreturn", handler_ra == (uint64_t)found[0], 1);

	pid_t pid = fork();
	if (pid == 0) {
		check_agrees("after fork: CLOCK_MONOTONIC", CLOCK_MONOTONIC_);
		char *args[] = { "vdso", "--exec", NULL };
		execve("/tests/vdso", args, envp);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	check_long("the child after fork and exec", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	return 0;
}
