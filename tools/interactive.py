#!/usr/bin/python3
"""A scripted session at the shell, typed as a new user would, through a
real terminal (pexpect gives QEMU a pty). Each step sends a line and
waits for what must come back. Ends with "LABEL: N passed, N failed".

    interactive.py KERNEL IMAGE [--machine virt|sifive_u] [--cpus N]

On virt the image is a virtio disk and the console the 16550; on
sifive_u the image is the SD card and the console the SiFive UART, with
CPUS U54 harts (-smp counts the E51 too).
"""
import argparse
import sys
import time

import pexpect

FIRMWARE = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
# busybox ash's prompt, /etc/profile's PS1 '\w \$ ': the directory, then #
PROMPT = r"(?:/|~)\S* # "

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS %s" % name)
    else:
        failed += 1
        print("FAIL %s%s" % (name, ": " + detail if detail else ""))
    sys.stdout.flush()


def step(child, name, send, expect, timeout=15, prompt=PROMPT, unseen=None):
    """Types send (a string, or None to type nothing) and waits for the
    regular expression expect, then for the next prompt (None: none, the
    program still reads). unseen: a string that must not show before
    expect (what a program reads without echo)."""
    if send is not None:
        child.send(send)
    # the host pty adds its own \r to each \r\n the console sends
    expect = expect.replace(r"\r\n", r"\r*\n")
    try:
        child.expect(expect, timeout=timeout)
        if unseen is not None and unseen in child.before:
            check(name, False, "%r was shown: %r" % (unseen, child.before[-200:]))
            raise SystemExit(finish(child))
        if prompt is not None:
            child.expect(prompt, timeout=timeout)
        check(name, True)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        seen = (child.before or "")[-400:]
        check(name, False, "wanted %r; %s; saw:\n%s" % (expect, type(e).__name__, seen))
        raise SystemExit(finish(child))


def finish(child):
    child.close(force=True)
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


def qemu_command():
    if args.machine == "sifive_u":
        return ("qemu-system-riscv64 -machine sifive_u -bios %s -m 128M -smp %d "
                "-nographic -no-reboot -kernel %s -drive file=%s,if=sd,format=raw"
                % (FIRMWARE, args.cpus + 1, args.kernel, args.image))
    return ("qemu-system-riscv64 -machine virt -bios %s -m 128M -smp %d -nographic "
            "-kernel %s -drive file=%s,if=none,format=raw,id=disk0 "
            "-device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0"
            % (FIRMWARE, args.cpus, args.kernel, args.image))


def check_poweroff(child):
    """virt's test device gives QEMU's exit status; sifive_u always exits
    with 0, so there the kernel's last line tells a clean stop."""
    try:
        if args.machine == "sifive_u":
            child.expect(r"power off(: failure)?\r*\n", timeout=15)
            check("poweroff ends with the line \"power off\"", child.match.group(1) is None,
                  "the kernel said %r" % child.match.group(0))
        child.expect(pexpect.EOF, timeout=15)
        child.close()
        check("poweroff ends QEMU with status 0", child.exitstatus == 0,
              "exit status %s" % child.exitstatus)
    except pexpect.TIMEOUT:
        check("poweroff ends QEMU", False, "QEMU still running")


def main():
    child = pexpect.spawn(qemu_command(), encoding="utf-8", codec_errors="replace",
                          dimensions=(24, 80))
    child.logfile_read = open("build/%s.log" % args.label, "w")
    step(child, "boot reaches the shell prompt", None, r"booting on hart",
         timeout=args.boot_timeout)
    step(child, "echo hello prints hello", "echo hello\r", r"\r\nhello\r\n")
    step(child, "a pipeline through grep finds programs in /bin",
         "ls /bin | grep -x -e sh -e uname\r", r"\r\nsh\r\nuname\r\n")
    # busybox's ls colours names on a terminal: ESC[1;34mbin ESC[m /
    step(child, "ls -F marks directories", "ls -F /\r", r"(\bbin|mbin\x1b\[m)/")
    step(child, "an unknown program gives a clear error", "nosuch\r",
         r"sh: nosuch: not found\r\n")
    step(child, "the shell carries on after the error", "echo still here\r",
         r"\r\nstill here\r\n")
    step(child, "backspace (DEL, as a terminal sends it) edits the line", "echo helo\x7f\x7fllo\r", r"\r\nhello\r\n")
    step(child, "quotes group arguments", "echo 'a  b' \"c d\"\r", r"\r\na  b c d\r\n")
    step(child, "cd, and the prompt shows the directory", "cd /data\r", r"cd /data\r\n",
         prompt=r"/data # ")
    step(child, "pwd after cd", "pwd\r", r"\r\n/data\r\n")
    step(child, "cat a file by relative path", "cat notelf.txt\r", r"not an ELF")
    step(child, "cd ..", "cd ..\r", r"cd \.\.\r\n")
    step(child, "pwd after cd ..", "pwd\r", r"\r\n/\r\n")
    step(child, "a program dying of SIGSEGV is reported", "crash segv\r",
         r"Segmentation fault \(core dumped\)")
    step(child, "a program dying of SIGILL is reported", "crash ill\r",
         r"Illegal instruction \(core dumped\)")
    child.send("sleep 30\r")
    time.sleep(1.5)
    step(child, "Ctrl-C stops the foreground program, not the shell", "\x03", r"\^C")
    step(child, "the shell still runs after Ctrl-C", "echo alive\r", r"\r\nalive\r\n")
    step(child, "dmesg shows the kernel log", "dmesg\r", r"FAT32 mounted")
    terminal_modes(child)
    ash(child)
    # ^P is the kernel's only in canonical mode (ash's line editor takes
    # it as "previous line"): while cat reads a line
    child.send("cat\r")
    time.sleep(1)
    child.send("\x10")
    try:
        child.expect(r"1 sleep init chan=.*\r\n(.|\r\n)*cpu 0: hart", timeout=10)
        check("^P lists the processes", True)
    except (pexpect.TIMEOUT, pexpect.EOF):
        check("^P lists the processes", False, (child.before or "")[-300:])
    step(child, "Ctrl-C ends cat", "\x03", r"\^C")
    step(child, "the shell still answers after ^P", "echo after\r", r"\r\nafter\r\n")
    step(child, "a text file without #! runs as a script (execve says ENOEXEC)",
         "echo 'echo from a script' >/tmp/s; chmod +x /tmp/s; /tmp/s\r",
         r"\r\nfrom a script\r\n")
    step(child, "exit ends the shell and init starts a new login shell", "exit\r",
         r"exit\r\n")
    step(child, "the new shell reads the tty", "echo back\r", r"\r\nback\r\n")
    if args.machine == "virt":  # QEMU runs without -no-reboot there
        step(child, "reboot: init ends the processes, the machine starts again",
             "reboot\r", r"(?s)restart\r\n.*booting on hart", timeout=args.boot_timeout)
        step(child, "the shell after the reboot", "echo again\r", r"\r\nagain\r\n")
    child.send("poweroff\r")
    check_poweroff(child)
    return finish(child)


def terminal_modes(child):
    """The tty's modes, through /bin/ttyctl (user/bin/ttyctl.c)."""
    step(child, "ttyctl raw starts", "ttyctl raw\r", r"type 3 keys\r\n", prompt=None)
    step(child, "raw mode: a key is read at once, not echoed", "a", r"key 61\r\n",
         prompt=None, unseen="a")
    step(child, "raw mode: the next key too", "x", r"key 78\r\n",
         prompt=None, unseen="x")
    step(child, "raw mode: Escape", "\x1b", r"key 1b\r\n")
    step(child, "VMIN 0, VTIME 5: a read times out with 0 bytes", "ttyctl timeout\r",
         r"read 0 bytes, waited 0\.5 s")
    step(child, "ECHO off: ttyctl noecho asks", "ttyctl noecho\r", r"password: ", prompt=None)
    step(child, "ECHO off: the typed password is not shown", "secret\r",
         r"\r\nread 7 bytes\r\n", unseen="secret")
    step(child, "ICRNL: ttyctl icrnl asks", "ttyctl icrnl\r", r"press Enter \(ICRNL\)",
         prompt=None)
    step(child, "ICRNL on: Enter reads as \\n", "\r", r"Enter is 0a\r\n", prompt=None)
    step(child, "ICRNL off: Enter reads as \\r", "\r", r"Enter is 0d\r\n")
    step(child, "TIOCSWINSZ, TIOCGWINSZ, and SIGWINCH to the foreground",
         "ttyctl winsize\r", r"winsize 30x100, SIGWINCH 1\r\n")
    step(child, "ttyctl signals waits", "ttyctl signals\r", r"type \^C then \^Z\r\n",
         prompt=None)
    child.send("\x03")
    time.sleep(0.5)
    step(child, "^C and ^Z reach the foreground program (SIGINT, SIGTSTP)", "\x1a",
         r"SIGINT 1, SIGTSTP 1\r\n")


def ash(child):
    """busybox's ash: line editing in raw mode, and job control."""
    step(child, "ash runs a command", "echo one\r", r"\r\none\r\n")
    step(child, "ash: the Up arrow brings the last line back", "\x1b[A", r"echo one",
         prompt=None)
    step(child, "ash: and Enter runs it", "\r", r"\r\none\r\n")
    step(child, "ash: Tab completes a /bin name", "unam\t", r"uname ", prompt=None)
    step(child, "ash: the completed command runs", "\r", r"\r\nLinux\r\n")
    step(child, "ash: &&", "echo a && echo b\r", r"\r\na\r\nb\r\n")
    step(child, "ash: || and $?", "false || echo $?\r", r"\r\n1\r\n")
    child.send("sleep 30\r")
    time.sleep(1.5)
    step(child, "ash: Ctrl-Z stops its foreground job", "\x1a", r"Stopped\s+sleep 30")
    step(child, "ash: jobs lists it", "jobs\r", r"\[1\]\+\s+Stopped\s+sleep 30")
    step(child, "ash: fg continues it in the foreground", "fg\r", r"fg\r\nsleep 30\r\n",
         prompt=None)
    time.sleep(1)
    step(child, "ash: and Ctrl-C ends it", "\x03", r"\^C")
    step(child, "ash: a job in the background, then wait", "sleep 1 & wait\r",
         r"Done\s+sleep 1")
    vi(child)


def vi(child):
    """busybox's vi, in ash: a new file typed in insert mode, written."""
    child.send("vi /tmp/vi.txt\r")
    time.sleep(2)
    child.send("ihello from vi\x1b")
    time.sleep(1)
    step(child, "vi writes the file and quits", ":wq\r", r"vi\.txt")
    step(child, "the file holds what was typed", "cat /tmp/vi.txt\r",
         r"\r\nhello from vi\r\n")


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("kernel")
    ap.add_argument("image")
    ap.add_argument("--machine", default="virt", choices=["virt", "sifive_u"])
    ap.add_argument("--cpus", type=int, default=1,
                    help="harts (on sifive_u U54s, 1 to 4)")
    ap.add_argument("--boot-timeout", type=int, default=30)
    ap.add_argument("--label", default="interactive",
                    help="the result line's name, and build/LABEL.log")
    return ap.parse_args()


if __name__ == "__main__":
    args = parse_args()
    sys.exit(main())
