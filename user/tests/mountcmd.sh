#!/bin/sh
# mountcmd: busybox's mount and umount as a user types them
mkdir /m3
mount /dev/vdb1 /m3
echo /m3/docs/*
cat /m3/docs/readme.txt
cd /m3/docs
umount /m3
cd /
umount /m3
umount /m3
mount /dev/vdb2 /m3
mount -r /dev/vdb1 /m3
echo read-only > /m3/docs/new.txt
umount /m3
mount -t tmpfs -o size=64k tmpfs /m3
echo in memory > /m3/note
cat /m3/note
umount /m3
mount -t tmpfs -o size=1x tmpfs /m3
mount
rmdir /m3
echo mountcmd: done
