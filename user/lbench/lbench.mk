# make bench-linux's programs (tools/benchlinux.py), not on fs.img: the
# script copies the image and adds them under /lbench.
#   lbench   the benchmarks, static glibc: one binary for both kernels
#   nothing  a no-libc program that exits at once, for exec's least cost
#   nfork    the fork row again from a parent without libc
#   big1m-touch  user/linux/bigprog.c at 1 MiB, writing each .data page
#   lbinit   Linux's first process in the benchmark's initramfs
LBENCH_PROGS := $(BUILD)/lbench/lbench $(BUILD)/lbench/nothing $(BUILD)/lbench/nfork \
	$(BUILD)/lbench/big1m-touch
LBENCH_INIT := $(BUILD)/lbench/lbinit

$(BUILD)/lbench/lbench $(LBENCH_INIT): $(BUILD)/lbench/%: user/lbench/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@"
	$(Q)$(GLIBC_CC) $(GLIBC_CFLAGS) -Werror -o $@ $<

$(BUILD)/lbench/nothing $(BUILD)/lbench/nfork: $(BUILD)/lbench/%: user/lbench/%.c \
		user/linux/nolibc.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  NOLIBC  $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -Wl,--build-id=none -o $@ $<

$(BUILD)/lbench/big1m-touch: user/linux/bigprog.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  BIG     $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -DBIG_SIZE='(1024*1024)' -DTOUCH_DATA \
		-Wl,--no-warn-rwx-segments -o $@ $<
