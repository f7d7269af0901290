/*
 * strs.o: globals and strings. Initialised data, bss, read-only strings
 * and an array of pointers to them (R_RISCV_64 in .data), with no help
 * from the program.
 */
static const char *words[] = { "alpha", "beta", "gamma", "delta", "epsilon" };
long counter = 40;
static char buf[128];
const char greeting[] = "dynamic hello";

long bump(long n)
{
	counter += n;
	return counter;
}

static long my_strlen(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	return n;
}

/* Joins the first n words with '-' into buf; returns its length. */
long join(long n)
{
	long at = 0;

	for (long i = 0; i < n && i < 5; i++) {
		if (i)
			buf[at++] = '-';
		for (const char *p = words[i]; *p; p++)
			buf[at++] = *p;
	}
	buf[at] = 0;
	return my_strlen(buf);
}

/* Sum of the characters of the joined string, to check its bytes. */
long join_sum(void)
{
	long s = 0;
	for (const char *p = buf; *p; p++)
		s += *p;
	return s;
}

long vowels(void)
{
	long n = 0;
	for (const char *p = greeting; *p; p++)
		n += *p == 'a' || *p == 'e' || *p == 'i' || *p == 'o' || *p == 'u';
	return n;
}
