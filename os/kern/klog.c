/*
 * The kernel log: a ring buffer that dmesg reads through syslog(2).
 * The console carries program output only, so kernel messages go here;
 * kprintf (boot banner) and panic also reach the console.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include <stdarg.h>

static struct {
	struct spinlock lock;
	char buf[KLOG_SIZE];
	uint64_t head;	/* bytes ever written; buf holds the last KLOG_SIZE */
} klog_ring;

void kloginit(void) { initlock(&klog_ring.lock, "klog", LOCK_LEAF); }

static void klog_append(const char *s, size_t n)
{
	acquire(&klog_ring.lock);
	for (size_t i = 0; i < n; i++)
		klog_ring.buf[klog_ring.head++ % KLOG_SIZE] = s[i];
	release(&klog_ring.lock);
}

/* Formats one message with a [seconds.micro] stamp and a newline. */
static int klog_format(char *line, size_t size, const char *fmt, va_list ap)
{
	uint64_t us = r_time() / 10;	/* 10 MHz timebase on QEMU virt */
	int n = snprintf(line, size, "[%5lu.%06lu] ", us / 1000000, us % 1000000);

	n += vsnprintf(line + n, size - n, fmt, ap);
	if (n > (int)size - 2)
		n = size - 2;
	if (line[n - 1] != '\n')
		line[n++] = '\n';
	line[n] = 0;
	return n;
}

static void vklog(bool to_console, const char *fmt, va_list ap)
{
	char line[256];
	int n = klog_format(line, sizeof(line), fmt, ap);

	klog_append(line, n);
	if (to_console)
		console_write_kernel(line, n);
}

void klog(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vklog(false, fmt, ap);
	va_end(ap);
}

/* Like klog, and also on the console: for boot messages only, since
 * the console otherwise carries program output alone. */
void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vklog(true, fmt, ap);
	va_end(ap);
}

/* Copies the newest n bytes of the log (at most all of it), oldest
 * first, to user memory; returns the count or -EFAULT. copyout walks the
 * page table in software and never sleeps, so the lock may be held. */
int64_t klog_read_user(uint64_t dst, size_t n)
{
	char chunk[128];
	int64_t ret;

	acquire(&klog_ring.lock);
	uint64_t start = klog_ring.head > KLOG_SIZE ? klog_ring.head - KLOG_SIZE : 0;
	size_t len = klog_ring.head - start;
	if (len > n)
		start += len - n, len = n;
	ret = len;
	for (size_t done = 0; done < len;) {
		size_t k = MIN(len - done, sizeof(chunk));
		for (size_t i = 0; i < k; i++)
			chunk[i] = klog_ring.buf[(start + done + i) % KLOG_SIZE];
		if (copyout(myproc()->pagetable, dst + done, chunk, k) < 0) {
			ret = -EFAULT;
			break;
		}
		done += k;
	}
	release(&klog_ring.lock);
	return ret;
}

volatile int panicked;

/* The return addresses on this stack, by the frame pointers the kernel
 * keeps (-fno-omit-frame-pointer: ra at fp - 8, the caller's fp at
 * fp - 16), while each frame lies above the last and within a kernel
 * stack's reach of it; resolve them with addr2line -e build/kernel. */
static void backtrace(void)
{
	uint64_t fp = (uint64_t)__builtin_frame_address(0);
	char line[32];

	for (int i = 0; i < 24; i++) {
		uint64_t ra = ((uint64_t *)fp)[-1], prev = ((uint64_t *)fp)[-2];
		int n = snprintf(line, sizeof(line), " %p", (void *)ra);
		for (int k = 0; k < n; k++)
			uart_putc_sync(line[k]);
		if (prev <= fp || prev - fp > KSTACK_PAGES * PGSIZE || (prev & 7))
			break;
		fp = prev;
	}
	uart_putc_sync('\n');
}

void panic(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	intr_off();
	va_start(ap, fmt);
	int n = snprintf(line, sizeof(line), "panic (hart %d): ", (int)r_tp());
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	panicked = 1;
	uart_putc_sync('\n');
	for (int i = 0; i < n && line[i]; i++)
		uart_putc_sync(line[i]);
	uart_putc_sync('\n');
	backtrace();
	power_off(true);
}
