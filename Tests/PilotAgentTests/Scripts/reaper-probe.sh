#!/bin/sh
# The managed service of the zombie-reaping test: it leaves orphans behind (children whose parent exits
# at once, so they are reparented to PID 1, which is pilot), waits until they have exited, and writes
# the process table of the PID namespace to ./processes once they are gone or after a deadline.
for _ in 1 2 3 4 5; do
    sh -c 'sleep 0.1 & exit 0'
done
for _ in $(seq 100); do
    if ! ps -eo args= | grep -q '^sleep 0.1$'; then break; fi
    sleep 0.02
done
ps -eo pid=,ppid=,stat=,args= > processes.tmp
mv processes.tmp processes
exec sleep 1000
