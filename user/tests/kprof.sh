#!/bin/sh
# kprof: the profiler refuses bad rates and a second start, reads nothing
# while it runs, samples a busy run of fork + exec + wait and a run
# shorter than a clock tick (sampled from the start); kprof.host
# names the hottest functions from the dump with tools/kprof
kprof off
kprof on 0
kprof on 20000
kprof on 5000
kprof on
kprof dump /kprof.dat
kprof off
kprof run /kprof.dat execbench 2 /bin/true 400 > /kprof.txt
kprof run /kshort.dat /bin/true > /kshort.txt
echo kprof: done
