/*
 * mathlib.o: a library of plain functions, built without -fPIC (absolute
 * HI20/LO12 addressing of its globals), which calc.o needs by name. Its
 * constructor and destructor count in a global the tests read back.
 */
long math_calls;
long math_ctor_runs = 100;	/* data, not bss: the constructor adds 1 */

__attribute__((constructor)) static void math_init(void)
{
	math_ctor_runs++;
}

long add(long a, long b)
{
	math_calls++;
	return a + b;
}

long mul(long a, long b)
{
	math_calls++;
	return a * b;
}

long fib(long n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

long gcd(long a, long b)
{
	while (b != 0) {
		long t = a % b;
		a = b;
		b = t;
	}
	return a < 0 ? -a : a;
}

/* A switch dense enough for a jump table in .rodata. */
long op(long k, long a, long b)
{
	switch (k) {
	case 0: return add(a, b);
	case 1: return a - b;
	case 2: return mul(a, b);
	case 3: return b ? a / b : 0;
	case 4: return gcd(a, b);
	case 5: return fib(a);
	case 6: return a << b;
	default: return -1;
	}
}
