/*
 * virtio-blk over virtio-mmio, legacy (version 1, QEMU 7.2's default)
 * or modern (version 2). One virtqueue; each request is a chain of
 * header, data and status descriptors; the caller sleeps until the
 * completion interrupt. Setup follows the spec's "driver initialization"
 * steps in order.
 */
#include "defs.h"

#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_GUEST_PAGE_SIZE 0x028	/* legacy */
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_ALIGN 0x03c	/* legacy */
#define MMIO_QUEUE_PFN 0x040	/* legacy */
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC 0x080
#define MMIO_QUEUE_DRIVER 0x090
#define MMIO_QUEUE_DEVICE 0x0a0
#define MMIO_CONFIG 0x100

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define VIRTIO_MAGIC 0x74726976
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_BLK_F_RO 5

#define NUM 16	/* descriptors; a request takes three */
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define BLK_T_IN 0
#define BLK_T_OUT 1
#define MAX_SECTORS_PER_REQ 256

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
struct vq_avail {
	uint16_t flags, idx, ring[NUM], unused;
};
struct vq_used_elem {
	uint32_t id, len;
};
struct vq_used {
	uint16_t flags, idx;
	struct vq_used_elem ring[NUM];
};
struct blk_req_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

/* The queue: descriptors and avail ring in the first page, used ring in
 * the second, the layout legacy devices require with QueueAlign 4096. */
static uint8_t queue_mem[2 * PGSIZE] __attribute__((aligned(PGSIZE)));

static struct {
	struct spinlock lock;
	uint64_t base;
	struct vq_desc *desc;
	struct vq_avail *avail;
	struct vq_used *used;
	bool free[NUM];
	uint16_t used_seen;
	struct {
		struct blk_req_hdr hdr;
		volatile uint8_t status;
		volatile bool done;
	} req[NUM];
	uint64_t capacity;	/* sectors */
	bool read_only;
} disk;

int virtio_blk_irq;

static inline volatile uint32_t *reg(int off) { return (volatile uint32_t *)(KVA(disk.base) + off); }

static int alloc_desc(void)
{
	for (int i = 0; i < NUM; i++) {
		if (disk.free[i]) {
			disk.free[i] = false;
			return i;
		}
	}
	return -1;
}

static void free_chain(int i)
{
	for (;;) {
		int flags = disk.desc[i].flags, next = disk.desc[i].next;
		disk.desc[i] = (struct vq_desc){ 0 };
		disk.free[i] = true;
		if (!(flags & DESC_F_NEXT))
			break;
		i = next;
	}
	wakeup(&disk.free[0]);
}

static void setup_queue(uint32_t version)
{
	disk.desc = (struct vq_desc *)queue_mem;
	disk.avail = (struct vq_avail *)(queue_mem + NUM * sizeof(struct vq_desc));
	disk.used = (struct vq_used *)(queue_mem + PGSIZE);
	*reg(MMIO_QUEUE_SEL) = 0;
	*reg(MMIO_QUEUE_NUM) = NUM;
	if (version == 1) {
		*reg(MMIO_QUEUE_ALIGN) = PGSIZE;
		*reg(MMIO_QUEUE_PFN) = KPA(queue_mem) >> PGSHIFT;
	} else {
		uint64_t d = KPA(disk.desc), a = KPA(disk.avail), u = KPA(disk.used);
		*reg(MMIO_QUEUE_DESC) = (uint32_t)d;
		*reg(MMIO_QUEUE_DESC + 4) = d >> 32;
		*reg(MMIO_QUEUE_DRIVER) = (uint32_t)a;
		*reg(MMIO_QUEUE_DRIVER + 4) = a >> 32;
		*reg(MMIO_QUEUE_DEVICE) = (uint32_t)u;
		*reg(MMIO_QUEUE_DEVICE + 4) = u >> 32;
		*reg(MMIO_QUEUE_READY) = 1;
	}
	for (int i = 0; i < NUM; i++)
		disk.free[i] = true;
}

/* Returns 0 if base holds a virtio block device, now ready for use. */
int virtio_blk_init(uint64_t base, int irq)
{
	disk.base = base;
	uint32_t version = *reg(MMIO_VERSION);
	if (*reg(MMIO_MAGIC) != VIRTIO_MAGIC || *reg(MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK ||
	    (version != 1 && version != 2))
		return -ENXIO;
	initlock(&disk.lock, "virtio_disk", LOCK_COND);

	/* 1-3: reset, acknowledge, driver */
	*reg(MMIO_STATUS) = 0;
	uint32_t status = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
	*reg(MMIO_STATUS) = status;
	/* 4: features; we use none but VERSION_1, which modern devices require */
	*reg(MMIO_DEVICE_FEATURES_SEL) = 0;
	disk.read_only = (*reg(MMIO_DEVICE_FEATURES) >> VIRTIO_BLK_F_RO) & 1;
	*reg(MMIO_DRIVER_FEATURES_SEL) = 0;
	*reg(MMIO_DRIVER_FEATURES) = 0;
	*reg(MMIO_DRIVER_FEATURES_SEL) = 1;
	*reg(MMIO_DRIVER_FEATURES) = version == 2 ? 1u << (VIRTIO_F_VERSION_1 - 32) : 0;
	if (version == 2) {
		/* 5-6: features OK, and check the device agrees */
		status |= STATUS_FEATURES_OK;
		*reg(MMIO_STATUS) = status;
		if (!(*reg(MMIO_STATUS) & STATUS_FEATURES_OK))
			return -EIO;
	} else {
		*reg(MMIO_GUEST_PAGE_SIZE) = PGSIZE;
	}
	/* 7: virtqueues */
	*reg(MMIO_QUEUE_SEL) = 0;
	if (*reg(MMIO_QUEUE_NUM_MAX) < NUM)
		return -EIO;
	setup_queue(version);
	disk.capacity = *(volatile uint64_t *)(KVA(base) + MMIO_CONFIG);
	/* 8: driver OK */
	status |= STATUS_DRIVER_OK;
	*reg(MMIO_STATUS) = status;
	virtio_blk_irq = irq;
	klog("virtio-blk (mmio v%u) at %p irq %d: %lu sectors%s", version,
	     (void *)base, irq, disk.capacity, disk.read_only ? ", read-only" : "");
	return 0;
}

/* One request of at most MAX_SECTORS_PER_REQ sectors; sleeps until done. */
static int blk_request(uint64_t lba, uint32_t count, void *buf, bool write)
{
	int d[3];

	acquire(&disk.lock);
	for (;;) {
		int got = 0;
		while (got < 3 && (d[got] = alloc_desc()) >= 0)
			got++;
		if (got == 3)
			break;
		while (got > 0)
			disk.free[d[--got]] = true;
		sleep(&disk.free[0], &disk.lock);
	}
	disk.req[d[0]].hdr = (struct blk_req_hdr){ write ? BLK_T_OUT : BLK_T_IN, 0, lba };
	disk.req[d[0]].status = 0xff;
	disk.req[d[0]].done = false;
	/* the device sees physical addresses */
	disk.desc[d[0]] = (struct vq_desc){ KPA(&disk.req[d[0]].hdr),
		sizeof(struct blk_req_hdr), DESC_F_NEXT, d[1] };
	disk.desc[d[1]] = (struct vq_desc){ KPA(buf), count * 512,
		DESC_F_NEXT | (write ? 0 : DESC_F_WRITE), d[2] };
	disk.desc[d[2]] = (struct vq_desc){ KPA(&disk.req[d[0]].status), 1,
		DESC_F_WRITE, 0 };
	disk.avail->ring[disk.avail->idx % NUM] = d[0];
	__sync_synchronize();
	disk.avail->idx++;
	__sync_synchronize();
	*reg(MMIO_QUEUE_NOTIFY) = 0;
	while (!disk.req[d[0]].done)
		sleep(&disk.req[d[0]], &disk.lock);
	int status = disk.req[d[0]].status;
	free_chain(d[0]);
	release(&disk.lock);
	return status == 0 ? 0 : -EIO;
}

/*
 * Reads or writes count sectors at lba. buf must be in the kernel's direct
 * map of RAM (not on a kernel stack), so it is physically contiguous.
 */
int virtio_blk_rw(uint64_t lba, uint32_t count, void *buf, bool write)
{
	uint64_t a = (uint64_t)buf;

	if (!disk.desc)
		return -ENXIO;
	if (a < KVA(bootinfo.mem_base) || a + count * 512UL > KVA(bootinfo.mem_base + bootinfo.mem_size))
		panic("virtio_blk_rw: buffer %p not in RAM", buf);
	if (lba > disk.capacity || count > disk.capacity - lba)
		return -EIO;
	if (write && disk.read_only)
		return -EROFS;
	while (count > 0) {
		uint32_t n = MIN(count, MAX_SECTORS_PER_REQ);
		int err = blk_request(lba, n, buf, write);
		if (err < 0)
			return err;
		lba += n;
		count -= n;
		buf = (uint8_t *)buf + n * 512;
	}
	return 0;
}

/* The disk's size in sectors (0 if there is no disk). */
uint64_t virtio_blk_capacity(void) { return disk.desc ? disk.capacity : 0; }

void virtio_blk_intr(void)
{
	acquire(&disk.lock);
	*reg(MMIO_INTERRUPT_ACK) = *reg(MMIO_INTERRUPT_STATUS) & 3;
	__sync_synchronize();
	while (disk.used_seen != disk.used->idx) {
		__sync_synchronize();
		int id = disk.used->ring[disk.used_seen % NUM].id;
		disk.req[id].done = true;
		wakeup(&disk.req[id]);
		disk.used_seen++;
	}
	release(&disk.lock);
}
