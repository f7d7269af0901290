/*
 * fpu: floating point in a parent and several children at once. Each
 * process keeps live values in f-registers and its own rounding mode in
 * fcsr across sched_yield and timer preemption; the results must be the
 * same bits as a run alone, so the kernel must save and restore f0-f31
 * and fcsr per process.
 */
#include <fenv.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define NCHILD 4

static const int modes[NCHILD] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };

/* Sum of p/i^2 plus a square root chain; yields every so often. */
static double
work(int k, int yields)
{
	volatile double p = 1.0 + k / 8.0;
	double s = 0.0;
	double r = 2.0;

	for (int i = 1; i <= 100000; i++) {
		s += p / ((double)i * (double)i);
		r = sqrt(r + 1.0);
		if (yields && i % 5000 == 0)
			sched_yield();
	}
	return s + r;
}

/* 1/3 in the current rounding mode, bit pattern as an integer. */
static unsigned long long
third_bits(void)
{
	volatile double one = 1.0, three = 3.0;
	double q = one / three;
	unsigned long long bits;

	memcpy(&bits, &q, sizeof bits);
	return bits;
}

int
main(void)
{
	double want[NCHILD + 1];
	unsigned long long third[NCHILD];
	pid_t pids[NCHILD];
	int status;
	char what[64];

	/* Reference values, computed alone, each in its child's rounding mode. */
	for (int k = 0; k < NCHILD; k++) {
		fesetround(modes[k]);
		want[k] = work(k, 0);
		third[k] = third_bits();
	}
	fesetround(FE_TONEAREST);
	want[NCHILD] = work(NCHILD, 0);

	for (int k = 0; k < NCHILD; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			fesetround(modes[k]);
			double got = work(k, 1);
			int ok = got == want[k] && fegetround() == modes[k] &&
				 third_bits() == third[k];
			_exit(ok ? 0 : 1);
		}
	}
	double mine = work(NCHILD, 1);

	for (int k = 0; k < NCHILD; k++) {
		snprintf(what, sizeof what, "child %d (rounding mode %d) status", k, k);
		check_long(what, wait4(pids[k], &status, 0, NULL) == pids[k] &&
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	}
	if (mine != want[NCHILD]) {
		printf("FAIL parent: expected %.17g, got %.17g\n", want[NCHILD], mine);
		return 1;
	}
	for (int k = 0; k <= NCHILD; k++)
		printf("work(%d) = %.12f\n", k, want[k]);
	printf("1/3 upward - downward = %llu ulp\n", third[1] - third[2]);
	printf("sqrt(2) = %.15f, 2^-10 = %g, 1e300*10 = %g\n", sqrt(2.0), ldexp(1.0, -10),
	       1e300 * 10.0);
	printf("fpu: ok\n");
	return 0;
}
