# Host unit tests of the SD protocol's arithmetic (os/dev/sd_proto.c): CRC7,
# CRC16 and CSD sizes. Included from the top Makefile.
#   make sd-test
SD_HOST := build/host/sd

.PHONY: sd-test
$(SD_HOST)/test_sd: os/tests/test_sd.c os/dev/sd_proto.c os/dev/sd_proto.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_sd.c os/dev/sd_proto.c

sd-test: $(SD_HOST)/test_sd
	$(SD_HOST)/test_sd
