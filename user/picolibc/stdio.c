/*
 * picolibc's stdin, stdout and stderr: buffered streams (tinystdio's
 * bufio) over the read/write wrappers. stdout and stderr are line
 * buffered, so one printed line reaches the kernel as one write; both
 * are flushed when the program exits through exit().
 */
#include <stdio.h>
#include <stdio-bufio.h>
#include <unistd.h>

static char in_buf[512];
static char out_buf[4096];
static char err_buf[512];

static struct __file_bufio in_file =
	FDEV_SETUP_BUFIO(0, in_buf, sizeof in_buf, read, write, lseek, close,
			 _FDEV_SETUP_READ, 0);
static struct __file_bufio out_file =
	FDEV_SETUP_BUFIO(1, out_buf, sizeof out_buf, read, write, lseek, close,
			 _FDEV_SETUP_WRITE, __BLBF);
static struct __file_bufio err_file =
	FDEV_SETUP_BUFIO(2, err_buf, sizeof err_buf, read, write, lseek, close,
			 _FDEV_SETUP_WRITE, __BLBF);

FILE *const stdin = &in_file.xfile.cfile.file;
FILE *const stdout = &out_file.xfile.cfile.file;
FILE *const stderr = &err_file.xfile.cfile.file;

/* exit() runs the fini array; _exit() skips it, as it should. */
static void __attribute__((destructor))
flush_std_streams(void)
{
	fflush(stdout);
	fflush(stderr);
}
