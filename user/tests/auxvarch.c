/*
 * auxvarch: the auxiliary vector's riscv entries (Linux's ARCH_DLINFO)
 * and its order. Linux lists the cache geometry the device tree gives
 * (0 where it gives none, as on QEMU's virt and sifive_u) and, from 6.5
 * on, AT_MINSIGSTKSZ: the bytes a signal frame takes. The frame a
 * handler gets on an alternate stack must take exactly that: the
 * siginfo starts AT_MINSIGSTKSZ bytes below the stack's top.
 *
 * Linux 6.1 (tools/linuxref.py /tests/auxvarch) gives the same cache
 * entries and order, without AT_MINSIGSTKSZ; qemu-riscv64 7.2 gives no
 * ARCH_DLINFO entry, so the linux suite skips this test.
 */
#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include "check.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static const struct { unsigned long type; const char *name; } caches[] = {
	{ 40, "AT_L1I_CACHESIZE" }, { 41, "AT_L1I_CACHEGEOMETRY" },
	{ 42, "AT_L1D_CACHESIZE" }, { 43, "AT_L1D_CACHEGEOMETRY" },
	{ 44, "AT_L2_CACHESIZE" },  { 45, "AT_L2_CACHEGEOMETRY" },
	{ 46, "AT_L3_CACHESIZE" },  { 47, "AT_L3_CACHEGEOMETRY" },
};

static const uint64_t *
auxv_of(char **envp)
{
	while (*envp)
		envp++;
	return (const uint64_t *)(envp + 1);
}

static int
present(const uint64_t *a, uint64_t type)
{
	for (; a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return 1;
	return 0;
}

static volatile uintptr_t info_at, uc_at;

static void
on_signal(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	info_at = (uintptr_t)info;
	uc_at = (uintptr_t)uc;
}

/* Where a handler's frame lands on an alternate stack whose top is
 * 16-byte aligned: the bytes from the siginfo to the top. */
static unsigned long
frame_bytes(void)
{
	static char alt[65536] __attribute__((aligned(16)));
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_ONSTACK };

	check_long("sigaltstack", sigaltstack(&ss, NULL), 0);
	check_long("sigaction", sigaction(SIGUSR1, &sa, NULL), 0);
	raise(SIGUSR1);
	check_long("the handler's ucontext lies above its siginfo", uc_at > info_at, 1);
	return (uintptr_t)(alt + sizeof alt) - info_at;
}

int
main(int argc, char **argv, char **envp)
{
	const uint64_t *a = auxv_of(envp);
	(void)argc;
	(void)argv;

	printf("types in order:");
	for (const uint64_t *p = a;; p += 2) {
		printf(" %lu", (unsigned long)p[0]);
		if (p[0] == AT_NULL)
			break;
	}
	printf("\n");
	for (size_t i = 0; i < sizeof caches / sizeof caches[0]; i++) {
		char what[64];
		snprintf(what, sizeof what, "%s present", caches[i].name);
		check_long(what, present(a, caches[i].type), 1);
		check_long(caches[i].name, getauxval(caches[i].type), 0);
	}
	check_long("AT_MINSIGSTKSZ present", present(a, AT_MINSIGSTKSZ), 1);
	unsigned long min = getauxval(AT_MINSIGSTKSZ);
	check_long("AT_MINSIGSTKSZ is a multiple of 16", min % 16, 0);
	check_long("a handler's frame takes AT_MINSIGSTKSZ bytes", frame_bytes(), min);
	printf("auxvarch: ok\n");
	return 0;
}
