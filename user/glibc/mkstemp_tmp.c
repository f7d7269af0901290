/* mkstemp and tmpfile make unique files; names are not printed, only checked. */
#include <unistd.h>
#include "check.h"

int main(void)
{
	char name1[] = "tmp_XXXXXX", name2[] = "tmp_XXXXXX";
	int a = mkstemp(name1), b = mkstemp(name2);

	CHECK(a >= 0 && b >= 0);
	printf("names differ: %d, template filled: %d\n", strcmp(name1, name2) != 0,
	       strchr(name1, 'X') == NULL || strcmp(name1 + 4, "XXXXXX") != 0);
	CHECK(write(a, "data", 4) == 4);
	CHECK(close(a) == 0 && close(b) == 0);
	CHECK(unlink(name1) == 0 && unlink(name2) == 0);
	char dname[] = "tmpd_XXXXXX";
	CHECK(mkdtemp(dname) != NULL);
	CHECK(rmdir(dname) == 0);
	printf("mkdtemp made and removed a directory\n");
	char bad[] = "nox";
	CHECK_ERR("mkstemp with a bad template", mkstemp(bad), EINVAL);
	return 0;
}
