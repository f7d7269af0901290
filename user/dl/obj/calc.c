/*
 * calc.o: built with -fPIC, so its calls go through CALL_PLT and its use
 * of mathlib.o's global through a GOT slot (GOT_HI20); it needs
 * mathlib.o, named with DL_NEEDS, loaded first.
 */
#include "dl.h"

DL_NEEDS("mathlib.o");

extern long math_calls;
long add(long, long);
long mul(long, long);
long op(long, long, long);

/* x*x + 3x + 2 */
long calc_poly(long x)
{
	return add(add(mul(x, x), mul(3, x)), 2);
}

/* How many mathlib calls were made so far (through the GOT). */
long calc_calls(void)
{
	return math_calls;
}

/* A switch again, PIC this time: the jump table holds ADD32/SUB32 pairs. */
long calc_apply(long k, long a, long b)
{
	switch (k) {
	case 0: return op(0, a, b) + 1;
	case 1: return op(2, a, b) * 2;
	case 2: return op(4, a, b) - 3;
	case 3: return op(5, a, 0) + 4;
	case 4: return op(6, a, b) + 5;
	case 5: return add(a, b) * 6;
	default: return 0;
	}
}
