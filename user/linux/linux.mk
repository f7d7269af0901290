# Programs built with Debian's riscv64-linux-gnu-gcc and no libc, for
# what riscv64-unknown-elf-ld cannot make:
#   pie     a static PIE (ET_DYN, no PT_INTERP; it reaches everything
#           PC-relative, so it has no relocations) -> /tests/pie
#   wxprog  one writable and executable segment (-N) -> /testbin/wxprog
#   bigprog 256 KiB and 1 MiB programs for make bench -> /testbin/big256k, big1m
#   sharedpage  an R+X and an RW segment sharing one page (sharedpage.ld)
#           -> /testbin/sharedpage
#   lazyprobe  touches its segments the ways a demand-paged loader must
#           answer (user/tests/lazy.c runs it) -> /testbin/lazyprobe
LINUX_CC := riscv64-linux-gnu-gcc
LINUX_CFLAGS := -O2 -nostdlib -nostartfiles -fno-builtin -ffreestanding \
	-Wall -Wextra -Werror
USER_BIGPROGS := $(BUILD)/user/testbin/big256k $(BUILD)/user/testbin/big1m
USER_PIE := $(BUILD)/user/tests/pie
USER_WXPROG := $(BUILD)/user/testbin/wxprog
USER_SHAREDPAGE := $(BUILD)/user/testbin/sharedpage
USER_LAZYPROBE := $(BUILD)/user/testbin/lazyprobe

$(USER_PIE): user/linux/pie.c user/linux/nolibc.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  PIE     $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -fPIE -static-pie -Wl,--no-dynamic-linker -o $@ $<

$(USER_WXPROG): user/linux/wxprog.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  WX      $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -Wl,-N -Wl,--no-warn-rwx-segments -o $@ $<

$(USER_SHAREDPAGE): user/linux/sharedpage.c user/linux/nolibc.h user/linux/sharedpage.ld | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  SHARED  $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -Wl,--build-id=none \
		-T user/linux/sharedpage.ld -o $@ $<

$(USER_LAZYPROBE): user/linux/lazyprobe.c user/linux/nolibc.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  PROBE   $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -Wl,--build-id=none -o $@ $<

# bigprog at two sizes, for make bench's exec cost by program size
$(BUILD)/user/testbin/big256k: user/linux/bigprog.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  BIG     $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -DBIG_SIZE='(256*1024)' -Wl,--no-warn-rwx-segments -o $@ $<

$(BUILD)/user/testbin/big1m: user/linux/bigprog.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  BIG     $@"
	$(Q)$(LINUX_CC) $(LINUX_CFLAGS) -static -DBIG_SIZE='(1024*1024)' -Wl,--no-warn-rwx-segments -o $@ $<
