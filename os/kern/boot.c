/*
 * The boot hart's path from OpenSBI to the first process: learn the
 * machine from the device tree, then bring up memory, traps, devices
 * and the scheduler in dependency order.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"

extern char _kernel_end[];

struct bootinfo bootinfo = {
	.uart = DEFAULT_UART0,
	.uart_irq = DEFAULT_UART0_IRQ,
	.plic = DEFAULT_PLIC,
	.timebase = 10000000,
};

/* QEMU virt has no virtio nodes in some trees we might get: probe slots. */
static void default_virtio_slots(struct bootinfo *bi)
{
	for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
		bi->virtio[i].base = VIRTIO_MMIO_FIRST + i * 0x1000UL;
		bi->virtio[i].irq = 1 + i;
	}
	bi->nvirtio = VIRTIO_MMIO_SLOTS;
}

/* Disks are named (vda, vdb ...) in the order of their slots' addresses,
 * whatever order the device tree lists them in: sort the slots. */
static void sort_virtio_slots(struct bootinfo *bi)
{
	for (int i = 1; i < bi->nvirtio; i++)
		for (int j = i; j > 0 && bi->virtio[j].base < bi->virtio[j - 1].base; j--) {
			typeof(bi->virtio[0]) t = bi->virtio[j];
			bi->virtio[j] = bi->virtio[j - 1];
			bi->virtio[j - 1] = t;
		}
}

static void start_other_harts(uint64_t boot_hartid);

void kmain(uint64_t hartid, const void *dtb)
{
	/* bss is zero: _entry cleared it (os/arch/entry.S). */
	cpus[0].hartid = hartid;
	bootinfo.uart = DEFAULT_UART0;
	for (int i = 0; i < NHARTID; i++)
		bootinfo.plic_sctx[i] = -1;
	if (fdt_parse((const void *)KVA(dtb), &bootinfo) < 0 || bootinfo.mem_size == 0) {
		bootinfo.mem_base = 0x80000000UL;
		bootinfo.mem_size = 128UL << 20;
		bootinfo.test = DEFAULT_TEST;
	}
	if (bootinfo.nvirtio == 0 && bootinfo.sdspi == 0)
		default_virtio_slots(&bootinfo);
	sort_virtio_slots(&bootinfo);

	uartinit(bootinfo.uart);
	consoleinit();
	kloginit();
	kprintf("exec kernel booting on hart %lu, RAM %lu MiB at %p",
		hartid, bootinfo.mem_size >> 20, (void *)bootinfo.mem_base);
	if (bootinfo.bootargs[0])
		klog("bootargs: %s", bootinfo.bootargs);

	kinit((uint64_t)_kernel_end, KVA(bootinfo.mem_base + bootinfo.mem_size));
	textcache_init();
	vdso_init();
	clock_init();
	image_init();
	kvminit();
	kvminithart();
	procinit();
	timer_init();
	futex_init();
	trapinithart();
	plicinit();
	plicinithart();
	binit();
	for (int i = 0; i < bootinfo.nvirtio; i++)
		virtio_blk_init(bootinfo.virtio[i].base, bootinfo.virtio[i].irq);
	if (bootinfo.sdspi)
		sd_init(bootinfo.sdspi, bootinfo.sdcs);
	userinit();
	start_other_harts(hartid);
	klog("%lu free pages after boot", free_page_count());
	scheduler();
}

static volatile int harts_up = 1;

/* Hart id -> cpus[] index of each hart started, for entry.S: 0 = none. */
uint8_t hart_cpu[NHARTID];

/*
 * Asks OpenSBI to start every other hart with an MMU. They enter where
 * the boot hart did, at _entry, which tells them apart by hart id (see
 * entry.S for why not by the start address or its argument).
 */
static void start_other_harts(uint64_t boot_hartid)
{
	extern char _entry[];
	int next = 1;

	for (int i = 0; i < bootinfo.nharts && next < NCPU; i++) {
		uint64_t h = bootinfo.harts[i];
		if (h == boot_hartid || h >= NHARTID)
			continue;
		cpus[next].hartid = h;
		hart_cpu[h] = next;
		__sync_synchronize();
		int err = sbi_hart_start(h, KPA(_entry), 0);
		if (err) {
			klog("hart %lu did not start (SBI error %d)", h, err);
			hart_cpu[h] = 0;
			continue;
		}
		next++;
	}
	uint64_t deadline = r_time() + bootinfo.timebase;	/* one second */
	while (harts_up < next && r_time() < deadline)
		;
	klog("%d of %d harts running", harts_up, next);
}

/* How many harts run the scheduler: cpus[0] up to this. */
int harts_running(void) { return harts_up; }

/* A secondary hart, from _entry with tp = its cpus[] index. */
void ksecondary(uint64_t hartid)
{
	kvminithart();
	trapinithart();
	plicinithart();
	__sync_fetch_and_add(&harts_up, 1);
	scheduler();
}

/*
 * The kernel command line (/chosen/bootargs) is words separated by
 * spaces: "key" or "key=value". Returns true if key is there, copying
 * its value (empty if none) into val.
 */
bool bootarg(const char *key, char *val, size_t n)
{
	size_t klen = strlen(key);

	for (const char *s = bootinfo.bootargs; *s;) {
		while (*s == ' ')
			s++;
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		if (strncmp(w, key, klen) == 0 && (w[klen] == '=' || w + klen == s)) {
			const char *v = w[klen] == '=' ? w + klen + 1 : s;
			size_t vlen = MIN((size_t)(s - v), n - 1);
			memcpy(val, v, vlen);
			val[vlen] = 0;
			return true;
		}
	}
	return false;
}

/*
 * Ends the machine. QEMU's test device (virt) makes QEMU exit with the
 * status. Without one (sifive_u) SBI system reset ends it with status 0
 * whatever happened, so the console's last line tells: "power off" or
 * "power off: failure" (written directly: a panic may hold any lock).
 */
void power_off(bool failure)
{
	if (bootinfo.test) {
		volatile uint32_t *test = (uint32_t *)KVA(bootinfo.test);
		*test = failure ? (1u << 16) | 0x3333 : 0x5555;
	}
	const char *msg = failure ? "power off: failure\n" : "power off\n";
	for (const char *c = msg; *c; c++)
		uart_putc_sync(*c);
	sbi_shutdown(failure);
}

/* Starts the machine again: SBI's cold reboot, which OpenSBI makes with
 * QEMU's reset (a QEMU run with -no-reboot ends instead). */
void restart_machine(void)
{
	for (const char *c = "restart\n"; *c; c++)
		uart_putc_sync(*c);
	sbi_reboot();
}
