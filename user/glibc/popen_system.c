/* popen and system run /bin/sh; their output and statuses come back. */
#include <sys/wait.h>
#include "check.h"

int main(void)
{
	char line[128];
	FILE *p;

	fflush(stdout);
	p = popen("echo first; echo second; exit 4", "r");
	CHECK(p != NULL);
	while (fgets(line, sizeof line, p))
		printf("popen read: %s", line);
	int status = pclose(p);
	printf("pclose: exited %d status %d\n", WIFEXITED(status), WEXITSTATUS(status));

	fflush(stdout);
	status = system("echo from system");
	printf("system: exited %d status %d\n", WIFEXITED(status), WEXITSTATUS(status));
	fflush(stdout);
	status = system("exit 9");
	printf("system(\"exit 9\"): status %d\n", WEXITSTATUS(status));
	printf("system(NULL) finds a shell: %d\n", system(NULL) != 0);
	return 0;
}
