# The exec kernel: build, run and test. See README.md.
#   make            kernel, user programs and the FAT32 image
#   make run        boot in QEMU with the shell on this terminal
#   make test       every test suite; ends with "N passed, N failed"
#   make gdb        boot with QEMU waiting for gdb-multiarch on :1234
#   make bench-linux  the same programs timed here and on Linux 6.1
#   make clean
# Options: CPUS=n  MEM=128M  FS_IMG=path  BOOTARGS="..."  MACHINE=virt|sifive_u

# Every core for the build, unless make was given -j.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc)
endif

BUILD ?= build
CPUS ?= 4
MEM ?= 128M
FS_IMG ?= $(BUILD)/fs.img
BOOTARGS ?=
MACHINE ?= virt
CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
OBJDUMP := $(CROSS)objdump

# OpenSBI from Debian's opensbi package (fw_dynamic: QEMU tells it where
# the kernel is); the same file QEMU bundles, but versioned by the distro.
FIRMWARE ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

DEPS_OK := $(BUILD)/.deps-ok
# vdb and vdc, for mount(2): built by fs.img.mk, attached by run and the grader
EXTRA_DISKS := $(BUILD)/vdb.img $(BUILD)/vdc.img

# Quiet by default: one line per file. make V=1 shows the commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all run gdb test clean deps
all: $(BUILD)/kernel $(BUILD)/fs.img $(EXTRA_DISKS)

deps: $(DEPS_OK)
$(DEPS_OK): tools/deps.sh
	sh tools/deps.sh
	@mkdir -p $(@D) && touch $@

# ---- kernel ----
KCFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffreestanding -fno-builtin -nostdlib -fno-stack-protector \
	-fno-pie -fno-omit-frame-pointer -O2 -g -std=gnu11 \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP -Ios -Ifs
# One folder a room (os/README.md); includes name the room: "mm/mm.h".
KROOMS := arch kern mm dev fs fs/vfat fs/tmpfs fs/procfs fs/devfs exec
KSRCS := $(foreach r,$(KROOMS),$(wildcard os/$(r)/*.c) $(wildcard os/$(r)/*.S))
KOBJS := $(patsubst os/%,$(BUILD)/os/%.o,$(KSRCS))

include fs/fs.mk
include os/vdso/vdso.mk
KOBJS += $(patsubst fs/%.c,$(BUILD)/fat/%.o,$(FS_SRCS))

$(BUILD)/os/%.c.o: os/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<
$(BUILD)/os/%.S.o: os/%.S | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -march=rv64imafdc_zicsr_zifencei -c -o $@ $<
$(BUILD)/fat/%.o: fs/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/kernel: $(KOBJS) os/arch/kernel.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(KCFLAGS) -T os/arch/kernel.ld -Wl,--no-warn-rwx-segments -o $@ $(KOBJS)
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/kernel.asm

-include $(KOBJS:.o=.d)

# ---- user programs and the image ----
include user/user.mk
include user/linux/linux.mk
include user/glibc/glibc.mk
include user/dl/dl.mk
include user/lbench/lbench.mk
include tools/userland/userland.mk
include user/libc/libc.mk
include fs.img.mk
include os/tests/elf.mk
include os/tests/core.mk
include os/tests/sd.mk
include os/tests/string.mk
include os/tests/tmpfs.mk
include os/tests/pbuf.mk
include os/tests/walk.mk
include os/tests/fdt.mk
include os/tests/abi.mk
include os/tests/vdso.mk

# ---- running ----
QEMU := qemu-system-riscv64
ifeq ($(MACHINE),sifive_u)
# The image is the SD card in the SPI slot. Hart 0 is the E51, which has
# no MMU: -smp counts it, so CPUS=n gives n U54 harts (1 to 4).
QEMU_OPTS = -machine sifive_u -bios $(FIRMWARE) -m $(MEM) -smp $$(( $(CPUS) + 1 )) \
	-nographic -no-reboot -kernel $(BUILD)/kernel \
	-drive file=$(FS_IMG),if=sd,format=raw -append "$(BOOTARGS)"
else
# Without -no-reboot: `reboot` starts the system again.
QEMU_OPTS = -machine virt -bios $(FIRMWARE) -m $(MEM) -smp $(CPUS) \
	-nographic -kernel $(BUILD)/kernel \
	-drive file=$(FS_IMG),if=none,format=raw,id=disk0 \
	-device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0 \
	-drive file=$(BUILD)/vdb.img,if=none,format=raw,id=disk1 \
	-device virtio-blk-device,drive=disk1,bus=virtio-mmio-bus.1 \
	-drive file=$(BUILD)/vdc.img,if=none,format=raw,id=disk2 \
	-device virtio-blk-device,drive=disk2,bus=virtio-mmio-bus.2 \
	-append "$(BOOTARGS)"
endif

run: $(BUILD)/kernel $(FS_IMG) $(EXTRA_DISKS)
	$(QEMU) $(QEMU_OPTS)

gdb: $(BUILD)/kernel $(FS_IMG) $(EXTRA_DISKS)
	@echo "QEMU waits for: gdb-multiarch $(BUILD)/kernel -ex 'target remote :1234'"
	$(QEMU) $(QEMU_OPTS) -S -gdb tcp::1234

# ---- tests ----
test: all
	BUILD=$(BUILD) sh tools/test.sh

# make bbtest-linux-ref: busybox's whole suite on Linux (qemu-riscv64),
# recorded in tools/bbtest/linux-ref for make test's groups to compare
# with (tools/bbtestcmp.py); needed when the busybox source, its config,
# the suite's runner or the groups change (make test then runs Linux's
# side itself, and says so). About 15 minutes of qemu-riscv64.
.PHONY: bbtest-linux-ref
bbtest-linux-ref: all
	sh tools/bbtest/qemu-static.sh $(BUILD) || true
	for g in 1 2 3 4; do /usr/bin/python3 tools/bbtestcmp.py --build $(BUILD) --all \
		--groups 4 --group $$g --jobs 2 --label busybox-testsuite-$$g \
		--write-linux-ref tools/bbtest/linux-ref || exit 1; done

# make bench: execbench with 1, 2 and 4 loops on CPUS=4, plain and under
# -icount, and lbench's fork, posix_spawn, thread and futex rows under
# -icount; the tables go to the terminal, to $(BUILD)/bench.txt and to
# docs/bench.md (with the commit they were measured at).
.PHONY: bench
bench: all $(LBENCH_PROGS)
	/usr/bin/python3 tools/bench.py --kernel $(BUILD)/kernel --image $(BUILD)/fs.img \
		--progs $(BUILD)/lbench --workdir $(BUILD)/bench --out $(BUILD)/bench.txt \
		--doc docs/bench.md

# make bench-linux: the same static glibc programs timed on this kernel and
# on Linux 6.1 (Debian's source, built once under $(BUILD)/linux by
# tools/linux/build.sh), both on one hart under -icount; the table goes to
# docs/bench-linux.md. Not part of make test.
.PHONY: bench-linux
bench-linux: all $(LBENCH_PROGS) $(LBENCH_INIT)
	sh tools/linux/build.sh $(BUILD)/linux
	sh tools/deps.sh python3-matplotlib
	/usr/bin/python3 tools/benchlinux.py --kernel $(BUILD)/kernel --image $(BUILD)/fs.img \
		--linux $(BUILD)/linux/Image --progs $(BUILD)/lbench --workdir $(BUILD)/benchlinux \
		--out docs/bench-linux.md

clean:
	rm -rf $(BUILD)
