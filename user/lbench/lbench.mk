# make bench-linux's programs (tools/benchlinux.py), not on fs.img: the
# script copies the image and adds them under /lbench.
#   lbench   the benchmarks, static glibc: one binary for both kernels
#   nothing  a no-libc program that exits at once, for exec's least cost
#   lbinit   Linux's first process in the benchmark's initramfs
LBENCH_PROGS := $(BUILD)/lbench/lbench $(BUILD)/lbench/nothing
LBENCH_INIT := $(BUILD)/lbench/lbinit

$(BUILD)/lbench/lbench $(LBENCH_INIT): $(BUILD)/lbench/%: user/lbench/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@"
	$(Q)$(GLIBC_CC) $(GLIBC_CFLAGS) -Werror -o $@ $<

$(BUILD)/lbench/nothing: user/lbench/nothing.c user/linux/nolibc.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  NOLIBC  $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -Wl,--build-id=none -o $@ $<
