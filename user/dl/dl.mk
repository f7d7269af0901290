# The loader of relocatable objects (user/dl/README.md). Included from the
# top-level Makefile after user/user.mk; paths relative to the repository.
#
#   DL_LIB_OBJS   the library, linked into dlrun and the dl* tests
#   DL_OBJS       test objects for /lib/obj, from user/dl/obj/*.c
#   DL_CORPUS     broken objects for /lib/obj/bad (tools/mkdlcorpus.py)
#   make dl-test  host unit tests (ASan, UBSan) on DL_OBJS, and a check
#                 that every relocation type is really in them
#   make dl-fuzz  libFuzzer on dl_check + the relocation steps

DL_LIB_OBJS := $(patsubst user/%.c,$(USER_OBJ)/%.o,$(wildcard user/dl/*.c))
DL_OBJ_DIR := $(BUILD)/user/dlobj
DL_OBJS := $(patsubst user/dl/obj/%.c,$(DL_OBJ_DIR)/%.o,$(wildcard user/dl/obj/*.c))
DL_CORPUS := $(BUILD)/dlcorpus
DL_USERS := $(BUILD)/user/bin/dlrun $(BUILD)/user/tests/dlload $(BUILD)/user/tests/dlbad

$(DL_USERS): $(DL_LIB_OBJS)

# Objects as a new user would build them: riscv64-unknown-elf-gcc -O2 -c,
# with the flags below picking which relocations each one exercises.
DL_OBJ_CFLAGS := --specs=picolibc.specs -DPICOLIBC_DOUBLE_PRINTF_SCANF -O2 -g \
	-fno-common -Wall -Wextra -Iuser/dl
DL_PIC := calc hostcall
DL_UNWIND := relocs
$(DL_OBJ_DIR)/%.o: user/dl/obj/%.c user/dl/dl.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(PICO_CC) $(DL_OBJ_CFLAGS) $(if $(filter $*,$(DL_PIC)),-fPIC) \
		$(if $(filter $*,$(DL_UNWIND)),-fasynchronous-unwind-tables) -c -o $@ $<

$(DL_CORPUS)/MANIFEST: tools/mkdlcorpus.py $(DL_OBJS)
	@echo "  CORPUS  $(DL_CORPUS)"
	$(Q)python3 tools/mkdlcorpus.py $(DL_OBJ_DIR) $(DL_CORPUS)

$(BUILD)/fs.img: $(DL_OBJS) $(DL_CORPUS)/MANIFEST
define dl-image
$(Q)mmd -i $@.tmp ::/lib/obj
$(Q)mcopy -i $@.tmp $(DL_OBJS) ::/lib/obj/
$(Q)mcopy -s -i $@.tmp $(DL_CORPUS) ::/lib/obj/bad
endef

# ---- host tests ----
DL_HOST := build/host/dl
DL_HOST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all -Iuser/dl -iquote os/uapi
DL_PURE := user/dl/dl_check.c user/dl/dl_reloc.c
# Every type the loader applies; dl-test fails if the objects lack one.
DL_TYPES := 32 64 BRANCH JAL CALL CALL_PLT GOT_HI20 PCREL_HI20 PCREL_LO12_I \
	PCREL_LO12_S HI20 LO12_I LO12_S ADD8 ADD16 ADD32 ADD64 SUB8 SUB16 SUB32 \
	SUB64 ALIGN RVC_BRANCH RVC_JUMP RELAX SUB6 SET6 SET8 SET16 SET32 32_PCREL

.PHONY: dl-test dl-fuzz
$(DL_HOST)/test_dl: user/dl/tests/test_dl.c user/dl/tests/dl_host.h $(DL_PURE) user/dl/dl_elf.h os/uapi/linux/elf.h
	@mkdir -p $(@D)
	gcc $(DL_HOST_CFLAGS) -Iuser/dl/tests -o $@ user/dl/tests/test_dl.c $(DL_PURE)

dl-test: $(DL_HOST)/test_dl $(DL_OBJS) $(DL_CORPUS)/MANIFEST
	@missing=; for t in $(DL_TYPES); do \
		$(CROSS)readelf -rW $(DL_OBJS) | grep -q " R_RISCV_$$t " || missing="$$missing $$t"; \
	done; if [ -n "$$missing" ]; then echo "FAIL readelf -r: no R_RISCV_$$missing"; \
	else echo "ok readelf -r: all $(words $(DL_TYPES)) types present in the objects"; fi; \
	$(DL_HOST)/test_dl $(DL_OBJS) --corpus $(DL_CORPUS) $$( [ -z "$$missing" ] || echo --fail-one)

DL_FUZZ := build/host/dl-fuzz
$(DL_FUZZ)/fuzz_dl: user/dl/tests/fuzz_dl.c user/dl/tests/dl_host.h $(DL_PURE) user/dl/dl_elf.h os/uapi/linux/elf.h
	@mkdir -p $(@D)
	clang -std=gnu11 -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iuser/dl -iquote os/uapi \
		-o $@ user/dl/tests/fuzz_dl.c $(DL_PURE)

dl-fuzz: $(DL_FUZZ)/fuzz_dl $(DL_OBJS) $(DL_CORPUS)/MANIFEST
	@rm -rf $(DL_FUZZ)/seed; mkdir -p $(DL_FUZZ)/seed $(DL_FUZZ)/corpus
	@cp $(DL_OBJS) $(DL_FUZZ)/seed/
	@$(DL_FUZZ)/fuzz_dl -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=$(DL_FUZZ)/ \
		$(DL_FUZZ)/corpus $(DL_FUZZ)/seed > $(DL_FUZZ)/log 2>&1; st=$$?; \
	execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(DL_FUZZ)/log); \
	echo "dl-fuzz: executed $${execs:-0} inputs"; \
	if [ $$st -eq 0 ]; then echo "dl-fuzz: 1 passed, 0 failed"; else \
		grep -E 'invariant broken|ERROR|SUMMARY|Test unit written' $(DL_FUZZ)/log | head -5; \
		echo "dl-fuzz: 0 passed, 1 failed (log: $(DL_FUZZ)/log)"; exit 1; fi
