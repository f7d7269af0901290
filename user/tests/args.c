/* args: the kernel lays out argc, argv and envp as Linux does. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

int
main(int argc, char **argv, char **envp)
{
	int n;

	printf("argc = %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	check_long("argv[argc] == NULL", argv[argc] == NULL, 1);
	check_long("envp follows argv's NULL", envp == argv + argc + 1, 1);
	for (n = 0; envp[n]; n++)
		printf("envp[%d] = \"%s\"\n", n, envp[n]);
	printf("envp is NULL-terminated after %d entries\n", n);
	check_long("environ == envp", environ == envp, 1);
	check_str("getenv(\"PATH\")", getenv("PATH"), "/bin");
	return 0;
}
