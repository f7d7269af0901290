/*
 * membarrier(2), as Linux 6.1 answers it on a machine without the
 * SYNC_CORE and RSEQ commands: a barrier on every hart running the
 * caller's address space (PRIVATE_EXPEDITED, once the process
 * registered for it) or running any program (GLOBAL, GLOBAL_EXPEDITED),
 * by an IPI round (tlb_barrier). Userspace RCU and language runtimes
 * use it to make their fast paths' plain accesses safe.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "uapi/linux/membarrier.h"

#define SUPPORTED (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED | \
		   MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | \
		   MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
		   MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)

uint64_t sys_membarrier(void)
{
	int cmd = argraw(0), flags = argraw(1);
	struct mm *mm = myproc()->mm;

	if (flags)
		return -EINVAL;	/* only the RSEQ command takes one */
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		tlb_barrier(NULL);
		return 0;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		__atomic_fetch_or(&mm->membarrier, cmd, __ATOMIC_RELAXED);
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		if (!(__atomic_load_n(&mm->membarrier, __ATOMIC_RELAXED) &
		      MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED))
			return -EPERM;
		tlb_barrier(mm->pagetable);
		return 0;
	}
	return -EINVAL;
}
