# The vDSO (os/vdso/): a shared object built for user space and embedded
# in the kernel (os/mm/vdso_image.S), which maps it into every 64-bit
# process. Linked by Debian's riscv64-linux-gnu toolchain: the bare-metal
# one cannot make a shared object. No floating point (it runs in any
# program), no relocations left (os/tests/vdso.mk checks).
#
#   VDSO_SO    $(BUILD)/vdso/vdso.so      what the kernel maps (stripped)
#   VDSO_SYMS  $(BUILD)/vdso/vdso-syms.h  offsets the kernel needs

VDSO_CC := riscv64-linux-gnu-gcc
VDSO_CFLAGS := -march=rv64imac_zicsr -mabi=lp64 -O2 -fPIC -ffreestanding -fno-builtin \
	-nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables -std=gnu11 \
	-Wall -Wextra -Werror -Ios -MMD -MP
VDSO_LDFLAGS := -shared -Wl,-T,os/vdso/vdso.lds -Wl,--hash-style=both \
	-Wl,-soname=linux-vdso.so.1 -Wl,--no-undefined -Wl,--build-id=none
VDSO_OBJS := $(BUILD)/vdso/vdso.o $(BUILD)/vdso/sigreturn.o
VDSO_SO := $(BUILD)/vdso/vdso.so
VDSO_SYMS := $(BUILD)/vdso/vdso-syms.h

$(BUILD)/vdso/%.o: os/vdso/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(VDSO_CC) $(VDSO_CFLAGS) -c -o $@ $<
$(BUILD)/vdso/%.o: os/vdso/%.S | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(VDSO_CC) $(VDSO_CFLAGS) -c -o $@ $<

$(BUILD)/vdso/vdso.dbg: $(VDSO_OBJS) os/vdso/vdso.lds
	@echo "  LD      $@"
	$(Q)$(VDSO_CC) $(VDSO_CFLAGS) $(VDSO_LDFLAGS) -o $@ $(VDSO_OBJS)

$(VDSO_SO): $(BUILD)/vdso/vdso.dbg
	$(Q)riscv64-linux-gnu-objcopy --strip-all $< $@

# The signal trampoline's offset in the vDSO, for kern/signal.c.
$(VDSO_SYMS): $(BUILD)/vdso/vdso.dbg
	$(Q)riscv64-linux-gnu-nm $< | awk '$$3 == "__vdso_rt_sigreturn" \
		{ print "#define VDSO_SIGRETURN 0x" $$1 "UL" }' > $@
	$(Q)grep -q VDSO_SIGRETURN $@

$(BUILD)/os/mm/vdso_image.S.o: $(VDSO_SO)
$(BUILD)/os/mm/vdso_image.S.o: KCFLAGS += -DVDSO_SO='"$(VDSO_SO)"'
$(BUILD)/os/mm/vdso.c.o: $(VDSO_SYMS)
$(BUILD)/os/mm/vdso.c.o: KCFLAGS += -I$(BUILD)/vdso

-include $(VDSO_OBJS:.o=.d)
