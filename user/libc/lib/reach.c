/*
 * libreach.so, the library dlopen.c loads: __thread variables of its own
 * (one initialised, one zeroed), so the dynamic linker must give each
 * thread a copy of a TLS block that arrived after the thread started.
 */
static __thread int counter = 7;
static __thread char zeroed[64];

int reach_bump(void)
{
	return ++counter;
}

/* How many bytes of this thread's zeroed array are not zero; then marks
 * it, so a thread that shared another's copy would see the mark. */
int reach_nonzero(void)
{
	int n = 0;

	for (unsigned i = 0; i < sizeof zeroed; i++)
		n += zeroed[i] != 0;
	zeroed[0] = 1;
	return n;
}

const void *reach_where(void)
{
	return &counter;
}

int reach_answer = 42;
