#!/bin/busybox sh
# what ls -l shows: each kind of file, the mode bits (set-id, sticky),
# sizes, a symlink's target, fixed times. A directory's size is its
# file system's (40 on tmpfs, 4096 on ext4: the host's temporary
# directory may be either), so it is not shown.
mkdir dir sticky stickynx
mkfifo fifo
echo data >file
ln -s file link
echo data >suid; chmod 4755 suid
echo data >sgid; chmod 2640 sgid
chmod 1777 sticky; chmod 1770 stickynx
chmod 640 file; chmod 600 fifo
touch -d '2001-02-03 04:05:06' dir fifo file sgid sticky stickynx suid
touch -h -d '2001-02-03 04:05:06' link 2>/dev/null
ls -l | sed 's/  */ /g' | cut -d ' ' -f 1,5- | sed 's/^\(d[^ ]*\) [0-9]*/\1 -/'
ls -ld dir | cut -c 1-10
ls -lL link | cut -c 1-10
ls -l link | sed 's/.* link/link/'
stat -c '%A %s %F' file fifo link
stat -c '%A %F' dir
ls -l /dev/null /dev/zero | sed 's/  */ /g' | cut -d ' ' -f 1,5,6,10
rm -rf dir sticky stickynx fifo file link suid sgid
