# initElf host unit tests. Included from the top Makefile; paths are
# relative to the repository root; host outputs go to build/host/elf.
#   make elf-test   checks every user program, then crafted bad files
#   make elf-fuzz   libFuzzer on initElf for FUZZ_SECONDS (below)
# The programs come from user/user.mk (USER_BINS, USER_TESTS), built by
# its `user` target, so this file may be included before or after it.

ELF_HOST := build/host/elf
ELF_HOSTCC ?= gcc
ELF_HOST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all -Ios

.PHONY: elf-test

$(ELF_HOST)/test_elf: os/tests/test_elf.c os/exec/elf_check.c os/exec/elf.h os/uapi/linux/errno.h os/uapi/linux/elf.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_elf.c os/exec/elf_check.c

elf-test: $(ELF_HOST)/test_elf user
	$(ELF_HOST)/test_elf $(USER_BINS) $(USER_TESTS) $(USER32_BINS) $(USER32_TESTS)

# ---- fuzzing: make elf-fuzz [FUZZ_SECONDS=60] ----
# libFuzzer (clang, package libclang-rt-14-dev) with ASan and UBSan on
# initElf; os/tests/fuzz_elf.c says what it checks. Seeds, copied fresh
# each run (stripped: the loader reads no section): every user program,
# the PIE, wxprog, and a few hostile files of $(BUILD)/corpus if it is
# there. The working corpus in $(ELF_FUZZ)/corpus grows across runs.
# A crash, sanitizer report, broken invariant or hang fails the target;
# the input is saved as $(ELF_FUZZ)/crash-* (replay: fuzz_elf FILE).
FUZZ_SECONDS ?= 60
ELF_FUZZ := build/host/elf-fuzz
ELF_FUZZCC ?= clang
ELF_FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ios
ELF_CORPUS_SEEDS := 16

.PHONY: elf-fuzz

$(ELF_FUZZ)/fuzz_elf: os/tests/fuzz_elf.c os/exec/elf_check.c os/exec/elf.h os/uapi/linux/errno.h os/uapi/linux/elf.h
	@mkdir -p $(@D)
	$(ELF_FUZZCC) $(ELF_FUZZ_CFLAGS) -o $@ os/tests/fuzz_elf.c os/exec/elf_check.c

# Corpus seeds: ELF_MAX_LOAD PT_LOADs and one more, 32 empty ones, and the
# first file of every fourth kind in the MANIFEST ("NN/kind-x").
elf-fuzz: $(ELF_FUZZ)/fuzz_elf user $(BUILD)/user/tests/pie $(BUILD)/user/testbin/wxprog
	@rm -rf $(ELF_FUZZ)/seed; mkdir -p $(ELF_FUZZ)/seed $(ELF_FUZZ)/corpus
	@for p in $(USER_BINS) $(USER_TESTS) $(USER32_BINS) $(BUILD)/user/tests/pie \
		$(BUILD)/user/testbin/wxprog; do \
		d=$(ELF_FUZZ)/seed/$$(basename $$(dirname $$p))-$$(basename $$p); \
		$(CROSS)strip -o $$d $$p 2>/dev/null || cp $$p $$d || exit 1; done
	@if [ -f $(BUILD)/corpus/MANIFEST ]; then \
		{ awk '$$1 ~ /\/load-(16|17|mem0-32)$$/ { print $$1 }' $(BUILD)/corpus/MANIFEST; \
		awk '{ k = $$1; sub(/^[0-9]+\//, "", k); sub(/-[^-]*$$/, "", k); \
			if (!seen[k]++ && n++ % 4 == 0) print $$1 }' $(BUILD)/corpus/MANIFEST | \
		head -$(ELF_CORPUS_SEEDS); } | while read f; do \
			[ -f $(BUILD)/corpus/$$f ] && \
			cp $(BUILD)/corpus/$$f $(ELF_FUZZ)/seed/corpus-$$(echo $$f | tr / -); \
		done; fi; true
	@start=$$(date +%s); \
	$(ELF_FUZZ)/fuzz_elf -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(ELF_FUZZ)/ $(ELF_FUZZ)/corpus $(ELF_FUZZ)/seed \
		> $(ELF_FUZZ)/log 2>&1; st=$$?; \
	secs=$$(( $$(date +%s) - start )); \
	execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(ELF_FUZZ)/log); \
	echo "elf-fuzz: executed $${execs:-0} inputs in $$secs s" \
		"($$(ls $(ELF_FUZZ)/seed | wc -l) seeds, $$(ls $(ELF_FUZZ)/corpus | wc -l) in the corpus)"; \
	if [ $$st -eq 0 ]; then echo "elf-fuzz: 1 passed, 0 failed"; else \
		grep -E 'invariant broken|ERROR|SUMMARY|Test unit written' $(ELF_FUZZ)/log | head -5; \
		echo "elf-fuzz: 0 passed, 1 failed (log: $(ELF_FUZZ)/log)"; exit 1; fi
