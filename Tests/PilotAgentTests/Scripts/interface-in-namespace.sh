#!/bin/sh
# Runs inside `unshare --net`: a namespace with its own loopback and a veth pair whose end is named eth0,
# with addresses from the documentation ranges. Starts a Consul dev agent on the namespace's loopback,
# runs pilot with SERVICE_INTERFACE="$1", and prints the address Consul holds for the service.
# Usage: interface-in-namespace.sh INTERFACE PILOT WORKDIR
set -eu
interface=$1 pilot=$2 workdir=$3
ip link set lo up
ip link add eth0 type veth peer name eth0-peer
ip addr add 192.0.2.10/24 dev eth0
ip -6 addr add 2001:db8::10/64 dev eth0 nodad
ip link set eth0 up
ip link set eth0-peer up

consul agent -dev -bind 127.0.0.1 -client 127.0.0.1 -dns-port -1 -grpc-port -1 -node netns \
    >"$workdir/consul.log" 2>&1 &
consul_pid=$!
trap 'kill $consul_pid 2>/dev/null; kill $pilot_pid 2>/dev/null' EXIT
for _ in $(seq 200); do
    curl -sf http://127.0.0.1:8500/v1/status/leader | grep -q 127 && break
    sleep 0.05
done

cd "$workdir"
PILOT_CONTROL_SOCKET="$workdir/control.socket" SERVICE_NAME=nic SERVICE_PORT=80 SERVICE_INTERFACE="$interface" "$pilot" run >"$workdir/pilot.log" 2>&1 &
pilot_pid=$!
for _ in $(seq 200); do
    address=$(curl -sf 'http://127.0.0.1:8500/v1/catalog/service/nic' \
        | grep -o '"ServiceAddress": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
    if [ -n "$address" ]; then
        echo "$address"
        exit 0
    fi
    sleep 0.05
done
echo "no registration; pilot said:" >&2
cat "$workdir/pilot.log" >&2
exit 1
