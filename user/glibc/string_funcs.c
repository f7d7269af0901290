/* <string.h>: copies, searches, comparisons, tokenising, overlap. */
#include <strings.h>
#include "check.h"

int main(void)
{
	char buf[64], *save, *tok;

	strcpy(buf, "hello");
	strcat(buf, ", world");
	printf("strcat: %s (%zu)\n", buf, strlen(buf));
	strncat(buf, "!!!!!", 2);
	printf("strncat: %s\n", buf);
	printf("strchr o: %s\n", strchr(buf, 'o'));
	printf("strrchr o: %s\n", strrchr(buf, 'o'));
	printf("strstr wor: %s\n", strstr(buf, "wor"));
	printf("strstr xyz: %s\n", strstr(buf, "xyz") ? "found" : "NULL");
	printf("strspn: %zu strcspn: %zu\n", strspn(buf, "hel"), strcspn(buf, ","));
	printf("strpbrk: %s\n", strpbrk(buf, "wr"));
	printf("strcmp signs: %d %d %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0,
	       strcmp("same", "same") == 0);
	printf("strncmp: %d strcasecmp: %d\n", strncmp("abcX", "abcY", 3),
	       strcasecmp("HeLLo", "hello"));
	printf("memcmp: %d\n", memcmp("\x01\xff", "\x01\x01", 2) > 0);

	strcpy(buf, "0123456789");
	memmove(buf + 2, buf, 8);
	printf("memmove right: %s\n", buf);
	strcpy(buf, "0123456789");
	memmove(buf, buf + 3, 7);
	printf("memmove left: %s\n", buf);
	memset(buf, '*', 5);
	printf("memset: %.10s\n", buf);
	printf("memchr: %s\n", (char *)memchr("find the x here", 'x', 15));

	strcpy(buf, "  alpha,beta;;gamma , delta");
	for (tok = strtok_r(buf, " ,;", &save); tok; tok = strtok_r(NULL, " ,;", &save))
		printf("token [%s]\n", tok);

	char *d = strdup("duplicate");
	CHECK(d != NULL);
	printf("strdup: %s strndup: ", d);
	free(d);
	d = strndup("duplicate", 3);
	printf("%s\n", d);
	free(d);
	char small[6];
	size_t n = snprintf(small, sizeof small, "%s", "overflowing");
	printf("snprintf keeps %s of %zu\n", small, n);
	printf("strerror(EINVAL): %s\n", strerror(EINVAL));
	return 0;
}
