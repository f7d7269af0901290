/*
 * virtio-blk over virtio-mmio, legacy (version 1, QEMU 7.2's default)
 * or modern (version 2), up to NDISK disks numbered in the order they
 * were found (0 is vda), each added to disk.c's table. One virtqueue per disk; each request is a chain
 * of header, data and status descriptors (several data descriptors when
 * the data goes to or from separate pages: one request fills all the
 * pages of a program's segment); the caller sleeps until the
 * completion interrupt. Setup follows the spec's "driver initialization"
 * steps in order.
 */
#include "kern/kern.h"
#include "dev/dev.h"

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

#define NUM 64	/* descriptors; a request takes two and one per buffer */
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define BLK_T_IN 0
#define BLK_T_OUT 1
#define MAX_SECTORS_PER_REQ 256
#define MAX_SEGS 16	/* data buffers in one request */

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

/* Each queue: descriptors and avail ring in the first page, used ring in
 * the second, the layout legacy devices require with QueueAlign 4096. */
static uint8_t queue_mem[NDISK][2 * PGSIZE] __attribute__((aligned(PGSIZE)));

static struct vdisk {
	struct spinlock lock;	/* guards the queue and the requests */
	int irq;
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
} disks[NDISK];
static int ndisks;

static inline volatile uint32_t *reg(struct vdisk *d, int off)
{
	return (volatile uint32_t *)(KVA(d->base) + off);
}

static int alloc_desc(struct vdisk *d)
{
	for (int i = 0; i < NUM; i++) {
		if (d->free[i]) {
			d->free[i] = false;
			return i;
		}
	}
	return -1;
}

static void free_chain(struct vdisk *d, int i)
{
	for (;;) {
		int flags = d->desc[i].flags, next = d->desc[i].next;
		d->desc[i] = (struct vq_desc){ 0 };
		d->free[i] = true;
		if (!(flags & DESC_F_NEXT))
			break;
		i = next;
	}
	wakeup(&d->free[0]);
}

static void setup_queue(struct vdisk *d, uint8_t *mem, uint32_t version)
{
	d->desc = (struct vq_desc *)mem;
	d->avail = (struct vq_avail *)(mem + NUM * sizeof(struct vq_desc));
	d->used = (struct vq_used *)(mem + PGSIZE);
	*reg(d, MMIO_QUEUE_SEL) = 0;
	*reg(d, MMIO_QUEUE_NUM) = NUM;
	if (version == 1) {
		*reg(d, MMIO_QUEUE_ALIGN) = PGSIZE;
		*reg(d, MMIO_QUEUE_PFN) = KPA(mem) >> PGSHIFT;
	} else {
		uint64_t q = KPA(d->desc), a = KPA(d->avail), u = KPA(d->used);
		*reg(d, MMIO_QUEUE_DESC) = (uint32_t)q;
		*reg(d, MMIO_QUEUE_DESC + 4) = q >> 32;
		*reg(d, MMIO_QUEUE_DRIVER) = (uint32_t)a;
		*reg(d, MMIO_QUEUE_DRIVER + 4) = a >> 32;
		*reg(d, MMIO_QUEUE_DEVICE) = (uint32_t)u;
		*reg(d, MMIO_QUEUE_DEVICE + 4) = u >> 32;
		*reg(d, MMIO_QUEUE_READY) = 1;
	}
	for (int i = 0; i < NUM; i++)
		d->free[i] = true;
}

/* Steps 1-8 of driver initialization on the device at d->base. */
static int setup_device(struct vdisk *d, uint8_t *mem)
{
	uint32_t version = *reg(d, MMIO_VERSION);

	if (*reg(d, MMIO_MAGIC) != VIRTIO_MAGIC || *reg(d, MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK ||
	    (version != 1 && version != 2))
		return -ENXIO;
	/* 1-3: reset, acknowledge, driver */
	*reg(d, MMIO_STATUS) = 0;
	uint32_t status = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
	*reg(d, MMIO_STATUS) = status;
	/* 4: features; we use none but VERSION_1, which modern devices require */
	*reg(d, MMIO_DEVICE_FEATURES_SEL) = 0;
	d->read_only = (*reg(d, MMIO_DEVICE_FEATURES) >> VIRTIO_BLK_F_RO) & 1;
	*reg(d, MMIO_DRIVER_FEATURES_SEL) = 0;
	*reg(d, MMIO_DRIVER_FEATURES) = 0;
	*reg(d, MMIO_DRIVER_FEATURES_SEL) = 1;
	*reg(d, MMIO_DRIVER_FEATURES) = version == 2 ? 1u << (VIRTIO_F_VERSION_1 - 32) : 0;
	if (version == 2) {
		/* 5-6: features OK, and check the device agrees */
		status |= STATUS_FEATURES_OK;
		*reg(d, MMIO_STATUS) = status;
		if (!(*reg(d, MMIO_STATUS) & STATUS_FEATURES_OK))
			return -EIO;
	} else {
		*reg(d, MMIO_GUEST_PAGE_SIZE) = PGSIZE;
	}
	/* 7: virtqueues */
	*reg(d, MMIO_QUEUE_SEL) = 0;
	if (*reg(d, MMIO_QUEUE_NUM_MAX) < NUM)
		return -EIO;
	setup_queue(d, mem, version);
	d->capacity = *(volatile uint64_t *)(KVA(d->base) + MMIO_CONFIG);
	/* 8: driver OK */
	status |= STATUS_DRIVER_OK;
	*reg(d, MMIO_STATUS) = status;
	klog("virtio-blk vd%c (mmio v%u) at %p irq %d: %lu sectors%s", 'a' + ndisks,
	     version, (void *)d->base, d->irq, d->capacity, d->read_only ? ", read-only" : "");
	return 0;
}

/* If base holds a virtio block device, makes it the next disk and
 * returns its number; else -ENXIO (or -EIO if it will not work). */
int virtio_blk_init(uint64_t base, int irq)
{
	if (ndisks == NDISK)
		return -ENXIO;
	struct vdisk *d = &disks[ndisks];
	d->base = base;
	d->irq = irq;
	initlock(&d->lock, "virtio_disk", LOCK_COND);
	int err = setup_device(d, queue_mem[ndisks]);
	if (err < 0) {
		d->desc = NULL;
		return err;
	}
	char name[8];
	snprintf(name, sizeof(name), "vd%c", 'a' + ndisks);
	if ((err = disk_add(name, VIRTIO_MAJOR << 8 | ndisks * 16, d->capacity, d->read_only,
			    ndisks, virtio_blk_rw, virtio_blk_rwv)) < 0)
		return err;
	return ndisks++;
}

/* One request at lba with the nv (at most MAX_SEGS) buffers of v, in
 * all at most MAX_SECTORS_PER_REQ sectors; sleeps until done. */
static int blk_request(struct vdisk *dk, uint64_t lba, const struct bvec *v, int nv, bool write)
{
	int d[MAX_SEGS + 2], n = nv + 2;

	acquire(&dk->lock);
	for (;;) {
		int got = 0;
		while (got < n && (d[got] = alloc_desc(dk)) >= 0)
			got++;
		if (got == n)
			break;
		while (got > 0)
			dk->free[d[--got]] = true;
		sleep(&dk->free[0], &dk->lock);
	}
	dk->req[d[0]].hdr = (struct blk_req_hdr){ write ? BLK_T_OUT : BLK_T_IN, 0, lba };
	dk->req[d[0]].status = 0xff;
	dk->req[d[0]].done = false;
	/* the device sees physical addresses */
	dk->desc[d[0]] = (struct vq_desc){ KPA(&dk->req[d[0]].hdr),
		sizeof(struct blk_req_hdr), DESC_F_NEXT, d[1] };
	for (int i = 0; i < nv; i++)
		dk->desc[d[i + 1]] = (struct vq_desc){ KPA(v[i].buf), v[i].len,
			DESC_F_NEXT | (write ? 0 : DESC_F_WRITE), d[i + 2] };
	dk->desc[d[n - 1]] = (struct vq_desc){ KPA(&dk->req[d[0]].status), 1,
		DESC_F_WRITE, 0 };
	dk->avail->ring[dk->avail->idx % NUM] = d[0];
	__sync_synchronize();
	dk->avail->idx++;
	__sync_synchronize();
	*reg(dk, MMIO_QUEUE_NOTIFY) = 0;
	while (!dk->req[d[0]].done)
		sleep(&dk->req[d[0]], &dk->lock);
	int status = dk->req[d[0]].status;
	free_chain(dk, d[0]);
	release(&dk->lock);
	return status == 0 ? 0 : -EIO;
}

/* Checks a buffer the device is to see: in the kernel's direct map of
 * RAM (not on a kernel stack), so physically contiguous. */
static void check_buffer(const void *buf, uint64_t len)
{
	uint64_t a = (uint64_t)buf;

	if (a < KVA(bootinfo.mem_base) || a + len > KVA(bootinfo.mem_base + bootinfo.mem_size))
		panic("virtio_blk: buffer %p not in RAM", buf);
}

/*
 * Reads or writes at lba of disk n the sectors of the nv buffers of v,
 * one after the other (each a whole number of sectors, in RAM), in as
 * few requests as MAX_SEGS and MAX_SECTORS_PER_REQ allow.
 */
int virtio_blk_rwv(int n, uint64_t lba, const struct bvec *v, int nv, bool write)
{
	uint64_t total = 0;

	if (n < 0 || n >= ndisks)
		return -ENXIO;
	struct vdisk *d = &disks[n];
	for (int i = 0; i < nv; i++) {
		if (v[i].len == 0 || v[i].len % SECTOR_SIZE || v[i].len > MAX_SECTORS_PER_REQ * SECTOR_SIZE)
			panic("virtio_blk: buffer of %u bytes", v[i].len);
		check_buffer(v[i].buf, v[i].len);
		total += v[i].len / SECTOR_SIZE;
	}
	if (lba > d->capacity || total > d->capacity - lba)
		return -EIO;
	if (write && d->read_only)
		return -EROFS;
	while (nv > 0) {
		int k = 0;
		uint32_t sectors = 0;
		while (k < nv && k < MAX_SEGS && sectors + v[k].len / SECTOR_SIZE <= MAX_SECTORS_PER_REQ)
			sectors += v[k++].len / SECTOR_SIZE;
		int err = blk_request(d, lba, v, k, write);
		if (err < 0)
			return err;
		lba += sectors;
		v += k;
		nv -= k;
	}
	return 0;
}

/* Reads or writes count sectors at lba of disk n into or from the
 * contiguous buf (in RAM, as virtio_blk_rwv says). */
int virtio_blk_rw(int n, uint64_t lba, uint32_t count, void *buf, bool write)
{
	while (count > 0) {
		uint32_t k = MIN(count, MAX_SECTORS_PER_REQ);
		struct bvec v = { buf, k * SECTOR_SIZE };
		int err = virtio_blk_rwv(n, lba, &v, 1, write);
		if (err < 0)
			return err;
		lba += k;
		count -= k;
		buf = (uint8_t *)buf + k * SECTOR_SIZE;
	}
	return 0;
}

/* Completes the requests of the disk on irq; false if no disk has it. */
bool virtio_blk_intr(int irq)
{
	for (struct vdisk *d = disks; d < disks + ndisks; d++) {
		if (d->irq != irq)
			continue;
		acquire(&d->lock);
		*reg(d, MMIO_INTERRUPT_ACK) = *reg(d, MMIO_INTERRUPT_STATUS) & 3;
		__sync_synchronize();
		while (d->used_seen != d->used->idx) {
			__sync_synchronize();
			int id = d->used->ring[d->used_seen % NUM].id;
			d->req[id].done = true;
			wakeup(&d->req[id]);
			d->used_seen++;
		}
		release(&d->lock);
		return true;
	}
	return false;
}
