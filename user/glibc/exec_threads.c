/*
 * exec from a process with four threads: a child starts three threads
 * (/proc/self/status counts three more than before), and one of them, not
 * the main thread, execs /bin/cat /proc/self/status into a pipe. The new
 * image must have the child's pid (Pid and Tgid) and run one thread: the
 * other three are gone.
 */
#include <pthread.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int pipefd[2];
static sem_t go;

/* A line "Name:\tN" of /proc/self/status, as N (-1 if missing). */
static long status_field(FILE *f, const char *name)
{
	char line[256];
	size_t len = strlen(name);

	while (fgets(line, sizeof line, f))
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			return atol(line + len + 1);
	return -1;
}

static long my_threads(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	long n;

	CHECK(f != NULL);
	n = status_field(f, "Threads");
	fclose(f);
	return n;
}

static void *idle(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static void *execs(void *arg)
{
	char *argv[] = { "cat", "/proc/self/status", NULL };

	(void)arg;
	while (sem_wait(&go) != 0)
		;
	CHECK(dup2(pipefd[1], 1) == 1);
	execv("/bin/cat", argv);
	printf("execv: %s\n", strerror(errno));
	_exit(127);
}

/* The child: four threads, one of which execs once the count is out. */
static void child(void)
{
	pthread_t t;
	long before = my_threads();

	CHECK(sem_init(&go, 0, 0) == 0);
	CHECK(pthread_create(&t, NULL, idle, NULL) == 0);
	CHECK(pthread_create(&t, NULL, idle, NULL) == 0);
	CHECK(pthread_create(&t, NULL, execs, NULL) == 0);
	printf("child: %ld more threads than before\n", my_threads() - before);
	fflush(stdout);
	CHECK(sem_post(&go) == 0);
	for (;;)
		pause();
}

int main(void)
{
	int status;
	pid_t p;
	FILE *f;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pipe(pipefd) == 0);
	fflush(stdout);
	p = fork();
	CHECK(p >= 0);
	if (p == 0)
		child();
	close(pipefd[1]);
	f = fdopen(pipefd[0], "r");
	CHECK(f != NULL);
	long tgid = status_field(f, "Tgid"), pid = status_field(f, "Pid");
	long threads = status_field(f, "Threads");
	fclose(f);
	printf("the new image: Tgid %s, Pid %s, Threads %ld\n",
	       tgid == p ? "kept" : "changed", pid == p ? "kept" : "changed", threads);
	CHECK(waitpid(p, &status, 0) == p && WIFEXITED(status));
	printf("cat exited %d\n", WEXITSTATUS(status));
	return 0;
}
