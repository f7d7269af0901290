# FAT library: sources for the kernel build, and host unit tests.
# Include from the top Makefile, or run alone from the repo root:
#   make -f fs/fs.mk fs-test
# Paths are relative to the repository root; host outputs go to build/host/fs.

FS_SRCS := fs/fat_bpb.c fs/fat_chain.c fs/fat_runs.c fs/fat_dir.c fs/fat_name.c fs/fat_file.c \
	fs/fat_alloc.c fs/fat_write.c fs/fat_lfn.c fs/fat_dirw.c fs/fat_rename.c \
	fs/fat_times.c fs/fat_dcache.c
FS_HDRS := fs/fat.h fs/fat_int.h

FS_HOST := build/host/fs
FS_HOSTCC ?= gcc
FS_HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FS_TEST_SRCS := fs/tests/test_fat.c fs/tests/test_corrupt.c fs/tests/check.c \
	fs/tests/imgdev.c fs/tests/wcheck.c fs/tests/test_write.c fs/tests/test_dirw.c \
	fs/tests/test_runs.c fs/tests/test_dcache.c

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
	$(FS_HOST)/test_fat -w $(FS_HOST)/work $(FS_HOST)/src $(FS_HOST)/fat16.img \
		$(FS_HOST)/fat32-512.img $(FS_HOST)/fat32-4k.img@2048

# Checks the library builds for the kernel: freestanding, warning-free.
fs-cross: $(patsubst fs/%.c,$(FS_CROSS)/%.o,$(FS_SRCS))

$(FS_CROSS)/%.o: fs/%.c $(FS_HDRS)
	@mkdir -p $(@D)
	$(FS_CROSSCC) $(FS_CROSS_CFLAGS) -c -o $@ $<

fs-clean:
	rm -rf $(FS_HOST) $(FS_CROSS)

# ---- fuzzing: make fs-fuzz [FUZZ_SECONDS=60] ----
# libFuzzer (clang, package libclang-rt-14-dev) with ASan and UBSan. Any
# crash, sanitizer report or hang (-timeout) fails the target. The corpus
# in $(FS_FUZZ)/corpus grows across runs; findings are saved as
# $(FS_FUZZ)/crash-* (replay: FUZZ_FAT_BASE=... fuzz_fat FILE).
FUZZ_SECONDS ?= 60
FS_FUZZ := $(FS_HOST)/fuzz
FS_FUZZCC ?= clang
FS_FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

.PHONY: fs-fuzz

$(FS_FUZZ)/fuzz_fat: $(FS_SRCS) $(FS_HDRS) fs/tests/fuzz_fat.c
	@mkdir -p $(@D)
	$(FS_FUZZCC) $(FS_FUZZ_CFLAGS) -o $@ $(FS_SRCS) fs/tests/fuzz_fat.c

$(FS_FUZZ)/base.img: fs/tests/fuzz_base.sh
	@mkdir -p $(@D)
	sh fs/tests/fuzz_base.sh $@

fs-fuzz: $(FS_FUZZ)/fuzz_fat $(FS_FUZZ)/base.img
	@mkdir -p $(FS_FUZZ)/corpus $(FS_FUZZ)/seed
	@FUZZ_FAT_BASE=$(FS_FUZZ)/base.img FUZZ_FAT_SEED=$(FS_FUZZ)/seed/base \
	$(FS_FUZZ)/fuzz_fat -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 \
		-artifact_prefix=$(FS_FUZZ)/ $(FS_FUZZ)/corpus $(FS_FUZZ)/seed \
		> $(FS_FUZZ)/log 2>&1; st=$$?; \
	execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FS_FUZZ)/log); \
	rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $(FS_FUZZ)/log); \
	echo "fs-fuzz: executed $${execs:-0} inputs in $(FUZZ_SECONDS) s ($${rate:-0}/s)"; \
	if [ $$st -eq 0 ]; then echo "fs-fuzz: 1 passed, 0 failed"; else \
		grep -E 'ERROR|SUMMARY|Test unit written' $(FS_FUZZ)/log | head -5; \
		echo "fs-fuzz: 0 passed, 1 failed (log: $(FS_FUZZ)/log)"; exit 1; fi
