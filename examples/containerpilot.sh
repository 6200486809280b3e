#!/bin/sh
# The brief's wrapper, with pilot in place of ContainerPilot: check the dependency file, remove a stale
# control socket, exec the agent. Installed as /etc/containerpilot/containerpilot.sh.
set -e

dependencies="${PILOT_DEPENDENCIES:-serviceDependencies.json}"
socket="${PILOT_CONTROL_SOCKET:-/var/run/containerpilot.socket}"

# A broken dependency file stops the container here, with the file, line and column of the mistake,
# rather than later with an empty services.json.
if [ -f "$dependencies" ]; then
    pilot lint "$dependencies" >&2
fi

# A socket left by a previous run (a container restarted after a crash) would refuse the new agent.
rm -f "$socket"

exec pilot run "$@"
