/* Number parsing: strtol/strtoul/strtoll bases and overflow, strtod, sscanf. */
#include <limits.h>
#include "check.h"

static void parse(const char *s, int base)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, base);
	printf("strtol(\"%s\", %d) = %ld, rest \"%s\", errno %s\n", s, base, v, end,
	       errno ? strerror(errno) : "0");
}

int main(void)
{
	parse("12345", 10);
	parse("  -42xyz", 10);
	parse("0x1F", 16);
	parse("0x1F", 0);
	parse("0755", 0);
	parse("z", 36);
	parse("101101", 2);
	parse("9223372036854775807", 10);
	parse("9223372036854775808", 10);
	parse("-9223372036854775809", 10);
	parse("", 10);
	parse("+", 10);
	errno = 0;
	printf("strtoul(\"-1\") = %lu\n", strtoul("-1", NULL, 10));
	printf("strtoull(\"18446744073709551615\") = %llu\n",
	       strtoull("18446744073709551615", NULL, 10));
	printf("atoi(\"  77 apples\") = %d atol(\"-5\") = %ld\n", atoi("  77 apples"), atol("-5"));
	char *end;
	printf("strtod(\"3.25e2xyz\") = %g rest %s\n", strtod("3.25e2xyz", &end), end);
	printf("strtod(\"-0x1.8p1\") = %g\n", strtod("-0x1.8p1", NULL));
	printf("strtod(\"inf\") = %f strtod(\"nan\") is nan: %d\n", strtod("inf", NULL),
	       strtod("nan", NULL) != strtod("nan", NULL));
	errno = 0;
	double big = strtod("1e999", NULL);
	printf("strtod(\"1e999\") = %f errno %s\n", big, strerror(errno));
	int a, b;
	char word[16];
	float f;
	int n = sscanf("10 0x20 word 2.5", "%d %x %15s %f", &a, &b, word, &f);
	printf("sscanf: %d fields: %d %d %s %.2f\n", n, a, b, word, f);
	n = sscanf("abc", "%d", &a);
	printf("sscanf on letters: %d\n", n);
	printf("LONG_MAX %ld LONG_MIN %ld\n", LONG_MAX, LONG_MIN);
	return 0;
}
