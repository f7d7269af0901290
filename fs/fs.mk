# FAT library: sources for the kernel build, and host unit tests.
# Include from the top Makefile, or run alone from the repo root:
#   make -f fs/fs.mk fs-test
# Paths are relative to the repository root; host outputs go to build/host/fs.

FS_SRCS := fs/fat_bpb.c fs/fat_chain.c fs/fat_dir.c fs/fat_name.c fs/fat_file.c
FS_HDRS := fs/fat.h fs/fat_int.h

FS_HOST := build/host/fs
FS_HOSTCC ?= gcc
FS_HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FS_TEST_SRCS := fs/tests/test_fat.c fs/tests/test_corrupt.c fs/tests/check.c \
	fs/tests/imgdev.c

FS_CROSS := build/riscv/fs
FS_CROSSCC ?= riscv64-unknown-elf-gcc
FS_CROSS_CFLAGS := -std=c11 -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mcmodel=medany -ffreestanding -fno-builtin -nostdlib \
	-Wall -Wextra -Werror

.PHONY: fs-test fs-cross fs-clean

$(FS_HOST)/test_fat: $(FS_SRCS) $(FS_HDRS) $(FS_TEST_SRCS) fs/tests/imgdev.h fs/tests/check.h
	@mkdir -p $(@D)
	$(FS_HOSTCC) $(FS_HOST_CFLAGS) -o $@ $(FS_SRCS) $(FS_TEST_SRCS)

# The images are remade only when the script that builds them changes.
$(FS_HOST)/images.stamp: fs/tests/mkimg.sh
	sh fs/tests/mkimg.sh $(FS_HOST)
	@touch $@

fs-test: $(FS_HOST)/test_fat $(FS_HOST)/images.stamp
	$(FS_HOST)/test_fat $(FS_HOST)/src $(FS_HOST)/fat16.img \
		$(FS_HOST)/fat32-512.img $(FS_HOST)/fat32-4k.img@2048

# Checks the library builds for the kernel: freestanding, warning-free.
fs-cross: $(patsubst fs/%.c,$(FS_CROSS)/%.o,$(FS_SRCS))

$(FS_CROSS)/%.o: fs/%.c $(FS_HDRS)
	@mkdir -p $(@D)
	$(FS_CROSSCC) $(FS_CROSS_CFLAGS) -c -o $@ $<

fs-clean:
	rm -rf $(FS_HOST) $(FS_CROSS)
