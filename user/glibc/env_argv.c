/* argv and the environment as the kernel passed them; getenv/setenv. */
#include <unistd.h>
#include "check.h"

extern char **environ;

int main(int argc, char **argv, char **envp)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	CHECK(argv[argc] == NULL);
	CHECK(envp == environ);
	for (char **e = envp; *e; e++)
		printf("env %s\n", *e);
	printf("PATH=%s\n", getenv("PATH") ? getenv("PATH") : "(unset)");
	printf("NOSUCH=%s\n", getenv("NOSUCH") ? getenv("NOSUCH") : "(unset)");
	CHECK(setenv("FRUIT", "apple", 0) == 0);
	CHECK(setenv("FRUIT", "pear", 0) == 0);
	printf("FRUIT=%s\n", getenv("FRUIT"));
	CHECK(setenv("FRUIT", "plum", 1) == 0);
	printf("FRUIT=%s\n", getenv("FRUIT"));
	CHECK(unsetenv("FRUIT") == 0);
	printf("FRUIT %s\n", getenv("FRUIT") ? "still set" : "unset");
	CHECK_ERR("setenv with '=' in the name", setenv("A=B", "x", 1), EINVAL);
	return argc;
}
