#!/usr/bin/env python3
"""Writes an MBR partition table into a disk image (the host may have no
sfdisk): mkmbr.py IMAGE START:COUNT:TYPE ... with sectors of 512 bytes
and the type in hex (0c: FAT32 LBA, 83: Linux). Up to four primary
partitions; the image keeps its size and every other byte."""
import struct
import sys


def main():
    path, specs = sys.argv[1], sys.argv[2:]
    if not 1 <= len(specs) <= 4:
        sys.exit("usage: mkmbr.py IMAGE START:COUNT:TYPE ... (1 to 4)")
    table = b""
    for spec in specs:
        start, count, ptype = spec.split(":")
        # boot flag, CHS first (unused: LBA only), type, CHS last, LBA, count
        table += struct.pack("<B3sB3sII", 0, b"\xff\xff\xfe", int(ptype, 16),
                             b"\xff\xff\xfe", int(start), int(count))
    table = table.ljust(64, b"\0")
    with open(path, "r+b") as f:
        f.seek(446)
        f.write(table + b"\x55\xaa")


if __name__ == "__main__":
    main()
