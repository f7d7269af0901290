#ifndef SBI_H
#define SBI_H
#include "kern/types.h"
void sbi_set_timer(uint64_t stime);
void sbi_console_putchar(int c);
int sbi_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque);
void sbi_send_ipi(uint64_t hart_mask);
void sbi_remote_sfence_vma_all(void);
void sbi_shutdown(bool failure) __attribute__((noreturn));
void sbi_reboot(void) __attribute__((noreturn));
#endif
