/* Calls into OpenSBI (the SBI v0.2+ extensions, legacy console as fallback). */
#include "arch/sbi.h"

#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI  0x735049
#define SBI_EXT_HSM  0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_LEGACY_PUTCHAR 1

struct sbiret { long error; long value; };

static struct sbiret sbi_call4(long ext, long fid, long a0, long a1, long a2, long a3)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a3 __asm__("a3") = a3;
	register long r_a6 __asm__("a6") = fid;
	register long r_a7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){ r_a0, r_a1 };
}

static struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
	return sbi_call4(ext, fid, a0, a1, a2, 0);
}

void sbi_set_timer(uint64_t stime) { sbi_call(SBI_EXT_TIME, 0, stime, 0, 0); }
void sbi_console_putchar(int c) { sbi_call(SBI_LEGACY_PUTCHAR, 0, c, 0, 0); }

int sbi_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start, opaque).error;
}

void sbi_send_ipi(uint64_t hart_mask) { sbi_call(SBI_EXT_IPI, 0, hart_mask, 0, 0); }

/* A whole sfence.vma on every running hart, this one too (hart_mask_base
 * -1: all; size -1: every address); returns once all have done it. */
void sbi_remote_sfence_vma_all(void)
{
	sbi_call4(SBI_EXT_RFENCE, 1, 0, -1, 0, -1);
}

void sbi_shutdown(bool failure)
{
	/* SRST: type 0 = shutdown, reason 1 = system failure. */
	sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0);
	/* OpenSBI on sifive_u can only reset the board (its GPIO restart
	 * line): type 1 = cold reboot, which QEMU run with -no-reboot ends. */
	sbi_call(SBI_EXT_SRST, 0, 1, failure ? 1 : 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void sbi_reboot(void)
{
	sbi_call(SBI_EXT_SRST, 0, 1, 0, 0);	/* type 1 = cold reboot, no reason */
	for (;;)
		__asm__ volatile("wfi");
}
