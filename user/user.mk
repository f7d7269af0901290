# User space: our programs and tests, linked static with musl (Debian's
# musl 1.2.3, built by tools/userland/build.sh into $(BUILD)/musl), and
# the RV32 ones with picolibc (below: musl 1.2.3 has no riscv32 port).
# user/lib holds what both use: the calls that are ours and the raw
# system call helpers. Included from the top-level Makefile, which sets
# BUILD and runs from the repository root.
#
#   USER_BINS   $(BUILD)/user/bin/NAME   everyday programs (for /bin)
#   USER_INIT   $(BUILD)/user/init       the first process
#   USER_TESTS  $(BUILD)/user/tests/NAME test programs (for /tests)
#   USER_DATA   $(BUILD)/user/data/FILE  files the tests read (for /data)

BUILD ?= build

# musl's own wrapper (a specs file over riscv64-linux-gnu-gcc); every user
# object waits for the sysroot (order-only: its stamp is userland.mk's).
USER_CC := $(BUILD)/musl/bin/musl-gcc
USER_LIBC := $(BUILD)/userland/stamp
USER_CFLAGS := -D_GNU_SOURCE -O2 -g -ffunction-sections -fdata-sections -Wall -Wextra \
	-Iuser/lib -iquote os/uapi -MMD -MP
# musl's default static layout, as Linux programs have it: text at 0x10000.
USER_LDFLAGS := -static -Wl,--gc-sections

USER_OBJ := $(BUILD)/user/obj
USER_LIB_OBJS := $(patsubst user/%.c,$(USER_OBJ)/%.o,$(wildcard user/lib/*.c))
USER_BIN_NAMES := $(filter-out init,$(basename $(notdir $(wildcard user/bin/*.c))))
USER_BINS := $(addprefix $(BUILD)/user/bin/,$(USER_BIN_NAMES))
USER_INIT := $(BUILD)/user/init
USER_TESTS := $(patsubst user/tests/%.c,$(BUILD)/user/tests/%,$(wildcard user/tests/*.c))
USER_DATA := $(BUILD)/user/data/big.bin $(BUILD)/user/data/notelf.txt

define user-link
@mkdir -p $(@D)
@echo "  LD      $@"
$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $(filter %.o,$^)
endef

.PHONY: user user-hosttest
user: $(USER_BINS) $(USER_INIT) $(USER_TESTS) $(USER_DATA)

$(USER_OBJ)/%.o: user/%.c | $(DEPS_OK) $(USER_LIBC)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) -c -o $@ $<

$(USER_INIT): $(USER_OBJ)/bin/init.o $(USER_LIB_OBJS)
	$(user-link)

$(addprefix $(BUILD)/user/bin/,$(USER_BIN_NAMES)): $(BUILD)/user/bin/%: $(USER_OBJ)/bin/%.o \
		$(USER_LIB_OBJS)
	$(user-link)

$(USER_TESTS): $(BUILD)/user/tests/%: $(USER_OBJ)/tests/%.o $(USER_LIB_OBJS)
	$(user-link)

# /data/big.bin: byte i = (i*7 + i/251) & 0xff, 1 MiB (user/tests/readfile.c checks it).
$(BUILD)/user/data/big.bin: user/tests/data/mkbig.c
	@mkdir -p $(@D) $(USER_OBJ)
	cc -O2 -o $(USER_OBJ)/mkbig $<
	$(USER_OBJ)/mkbig > $@

$(BUILD)/user/data/notelf.txt: user/tests/data/notelf.txt
	@mkdir -p $(@D)
	cp $< $@

user-hosttest: user
	sh user/tests/run-host.sh $(BUILD)

-include $(shell find $(USER_OBJ) -name '*.d' 2>/dev/null)

# ---- 32-bit builds (RV32, rv32imafdc/ilp32d), on picolibc: musl 1.2.3
# has no riscv32 port. user/picolibc gives picolibc our crt0, its stdio
# streams and the Linux system call wrappers, with its linker script.
# A few programs for /bin32, and the tests in user/tests32 (for /tests;
# their expected output is user/tests/NAME.out). Objects in their own dir.
PICO_CC := riscv64-unknown-elf-gcc
PICO_CFLAGS := --specs=picolibc.specs -DPICOLIBC_DOUBLE_PRINTF_SCANF \
	-O2 -g -ffunction-sections -fdata-sections -Wall -Wextra \
	-Iuser/picolibc -Iuser/lib -iquote os/uapi -MMD -MP
PICO_LDFLAGS := --specs=picolibc.specs -DPICOLIBC_DOUBLE_PRINTF_SCANF \
	-nostartfiles -static -T user/picolibc/user.ld \
	-Wl,-z,max-page-size=4096 -Wl,-z,common-page-size=4096 -Wl,--gc-sections
PICO_LIB_SRCS := $(wildcard user/lib/*.c user/picolibc/*.c)
USER32_ARCH := -march=rv32imafdc -mabi=ilp32d
USER32_OBJ := $(BUILD)/user/obj32
USER32_LIB_OBJS := $(patsubst user/%.c,$(USER32_OBJ)/%.o,$(PICO_LIB_SRCS))
# user/bin32 has the programs only /bin32 has (a 64-bit /bin has
# busybox's); crash is the same source as /bin/crash.
USER32_BIN_NAMES := echo cat ls true false wc env
USER32_BINS := $(addprefix $(BUILD)/user/bin32/,$(USER32_BIN_NAMES) crash sh)
USER32_TESTS := $(patsubst user/tests32/%.c,$(BUILD)/user/tests32/%,$(wildcard user/tests32/*.c))

define user32-link
@mkdir -p $(@D)
@echo "  LD32    $@"
$(Q)$(PICO_CC) $(USER32_ARCH) $(PICO_LDFLAGS) -o $@ $(filter %.o,$^)
endef

user: $(USER32_BINS) $(USER32_TESTS)

$(USER32_OBJ)/%.o: user/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC32    $<"
	$(Q)$(PICO_CC) $(USER32_ARCH) $(PICO_CFLAGS) -c -o $@ $<

$(addprefix $(BUILD)/user/bin32/,$(USER32_BIN_NAMES)): $(BUILD)/user/bin32/%: \
		$(USER32_OBJ)/bin32/%.o $(USER32_LIB_OBJS) user/picolibc/user.ld
	$(user32-link)

$(BUILD)/user/bin32/crash: $(USER32_OBJ)/bin/crash.o $(USER32_LIB_OBJS) user/picolibc/user.ld
	$(user32-link)

$(BUILD)/user/bin32/sh: $(patsubst user/%.c,$(USER32_OBJ)/%.o,$(wildcard user/bin32/sh/*.c)) \
		$(USER32_LIB_OBJS) user/picolibc/user.ld
	$(user32-link)

$(USER32_TESTS): $(BUILD)/user/tests32/%: $(USER32_OBJ)/tests32/%.o $(USER32_LIB_OBJS) user/picolibc/user.ld
	$(user32-link)

# The soft-float ABI too (rv32imac/ilp32, Debian's picolibc has that
# multilib): a few programs for /bin32/ilp32.
USER32SF_ARCH := -march=rv32imac -mabi=ilp32
USER32SF_OBJ := $(BUILD)/user/obj32sf
USER32SF_LIB_OBJS := $(patsubst user/%.c,$(USER32SF_OBJ)/%.o,$(PICO_LIB_SRCS))
USER32SF_BIN_NAMES := echo cat true false
USER32SF_BINS := $(addprefix $(BUILD)/user/bin32sf/,$(USER32SF_BIN_NAMES))

user: $(USER32SF_BINS)

$(USER32SF_OBJ)/%.o: user/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC32SF  $<"
	$(Q)$(PICO_CC) $(USER32SF_ARCH) $(PICO_CFLAGS) -c -o $@ $<

$(USER32SF_BINS): $(BUILD)/user/bin32sf/%: $(USER32SF_OBJ)/bin32/%.o $(USER32SF_LIB_OBJS) user/picolibc/user.ld
	@mkdir -p $(@D)
	@echo "  LD32SF  $@"
	$(Q)$(PICO_CC) $(USER32SF_ARCH) $(PICO_LDFLAGS) -o $@ $(filter %.o,$^)

-include $(shell find $(USER32_OBJ) $(USER32SF_OBJ) -name '*.d' 2>/dev/null)
