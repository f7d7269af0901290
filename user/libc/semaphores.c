/*
 * Semaphores through musl: unnamed (sem_init, post, wait, trywait,
 * timedwait, getvalue; shared with a child through a shared mapping) and
 * named (sem_open with O_CREAT and O_EXCL, which musl keeps as
 * /dev/shm/sem.NAME, sem_close, sem_unlink), and their errors.
 */
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static void unnamed(void)
{
	sem_t s;
	int v, st;
	struct timespec t;

	CHECK(sem_init(&s, 0, 2) == 0);
	CHECK(sem_wait(&s) == 0 && sem_trywait(&s) == 0);
	CHECK_ERR("sem_trywait at 0", sem_trywait(&s), EAGAIN);
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 50000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	CHECK_ERR("sem_timedwait at 0", sem_timedwait(&s, &t), ETIMEDOUT);
	struct timespec bad = { 0, 1000000000 };
	CHECK_ERR("sem_timedwait bad nsec", sem_timedwait(&s, &bad), EINVAL);
	CHECK(sem_post(&s) == 0 && sem_post(&s) == 0 && sem_getvalue(&s, &v) == 0);
	printf("after two posts: value %d\n", v);
	CHECK_ERR("sem_init above SEM_VALUE_MAX", sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1), EINVAL);
	CHECK(sem_destroy(&s) == 0);

	sem_t *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED && sem_init(sh, 1, 0) == 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		sem_post(sh);
		_exit(0);
	}
	CHECK(sem_wait(sh) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("process-shared semaphore: posted by the child: yes\n");
	munmap(sh, sizeof *sh);
}

static void named(void)
{
	char name[32];
	int v, st;

	snprintf(name, sizeof name, "/libc-reach-%d", (int)getpid());
	sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
	if (s == SEM_FAILED) {
		printf("sem_open O_CREAT: %s\n", errname(errno));
		return;
	}
	CHECK_ERR("sem_open O_EXCL existing", sem_open(name, O_CREAT | O_EXCL, 0600, 1), EEXIST);
	sem_t *again = sem_open(name, 0);
	CHECK(again != SEM_FAILED);
	SAY("opened again: the same mapping (musl shares it)", again == s);
	CHECK(sem_wait(s) == 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sem_t *c = sem_open(name, 0);
		_exit(c != SEM_FAILED && sem_post(c) == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(sem_getvalue(s, &v) == 0);
	printf("child opened it by name and posted: exit %d, value %d\n", WEXITSTATUS(st), v);
	CHECK(sem_close(again) == 0 && sem_close(s) == 0);
	CHECK(sem_unlink(name) == 0);
	CHECK_ERR("sem_open after unlink", sem_open(name, 0), ENOENT);
	CHECK_ERR("sem_unlink again", sem_unlink(name), ENOENT);
	CHECK_ERR("sem_open value too big", sem_open(name, O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1), EINVAL);
	CHECK_ERR("sem_open a name with /", sem_open("/a/b", O_CREAT, 0600, 1), EINVAL);
}

int main(void)
{
	alarm(30);
	unnamed();
	named();
	return 0;
}
