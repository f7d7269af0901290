# The Linux ABI of os/uapi/linux checked against Debian's riscv64 headers
# (linux-libc-dev-riscv64-cross, libc6-dev-riscv64-cross): every number,
# size and offset, by _Static_assert (tools/abicheck.py). Included from
# the top Makefile.
#   make abi-test
.PHONY: abi-test
abi-test: | $(DEPS_OK)
	python3 tools/abicheck.py --uapi os/uapi --out build/host/abi
