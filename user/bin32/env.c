/* env: prints the environment, one NAME=VALUE per line. */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	for (char **e = environ; *e; e++)
		printf("%s\n", *e);
	return 0;
}
