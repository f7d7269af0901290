/* RISC-V privileged-architecture facts: CSRs, PTE bits, Sv39. */
#ifndef RISCV_H
#define RISCV_H
#include "kern/types.h"

#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_FS   (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN   (2UL << 13)
#define SSTATUS_FS_DIRTY   (3UL << 13)
#define SSTATUS_SUM  (1UL << 18)
/* UXL, the user mode's XLEN (bits 33:32): 1 = 32-bit, 2 = 64-bit */
#define SSTATUS_UXL    (3UL << 32)
#define SSTATUS_UXL_32 (1UL << 32)
#define SSTATUS_UXL_64 (2UL << 32)

#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)
#define SCOUNTEREN_TM (1UL << 1)	/* user mode may read the time CSR */

#define SCAUSE_INTR (1UL << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

/* Exception causes. */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS     1
#define EXC_ILLEGAL_INST    2
#define EXC_BREAKPOINT      3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS    7
#define EXC_ECALL_U         8
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

#define csr_read(csr) ({ uint64_t __v; \
	__asm__ volatile("csrr %0, " #csr : "=r"(__v)); __v; })
#define csr_write(csr, val) \
	__asm__ volatile("csrw " #csr ", %0" :: "r"((uint64_t)(val)))
#define csr_set(csr, bits) \
	__asm__ volatile("csrs " #csr ", %0" :: "r"((uint64_t)(bits)))
#define csr_clear(csr, bits) \
	__asm__ volatile("csrc " #csr ", %0" :: "r"((uint64_t)(bits)))

static inline uint64_t r_tp(void)
{
	uint64_t x;
	__asm__ volatile("mv %0, tp" : "=r"(x));
	return x;
}
static inline void w_tp(uint64_t x) { __asm__ volatile("mv tp, %0" :: "r"(x)); }
static inline uint64_t r_sp(void)
{
	uint64_t x;
	__asm__ volatile("mv %0, sp" : "=r"(x));
	return x;
}
static inline uint64_t r_time(void) { return csr_read(time); }

static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }

static inline void sfence_vma(void) { __asm__ volatile("sfence.vma zero, zero"); }

#define PGSIZE 4096UL
#define PGSHIFT 12
#define PGROUNDUP(a) (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
/* The two software (RSW) bits say whose a page is; fork shares all but
 * private ones (mm.h, pte_is): */
#define PTE_SHARED (1UL << 8)	/* MAP_SHARED */
#define PTE_CACHED (1UL << 9)	/* read-only and shared: a text-cache or vDSO page, or one fork shared */
#define PTE_COW (PTE_SHARED | PTE_CACHED)	/* writable, W clear until a store copies it */
#define PTE_RSW PTE_COW

#define PA2PTE(pa) ((((uint64_t)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)
#define PXSHIFT(level) (PGSHIFT + 9 * (level))
#define PX(level, va) ((((uint64_t)(va)) >> PXSHIFT(level)) & 0x1FF)

#define SATP_SV39 (8UL << 60)
#define MAKE_SATP(pt) (SATP_SV39 | (((uint64_t)(pt)) >> 12))

/* One below the top of Sv39, so no address needs sign extension. */
#define MAXVA (1UL << 38)
#endif
