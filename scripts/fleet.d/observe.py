#!/usr/bin/env python3
"""The fleet's eyes (scripts/fleet): waits for conditions and samples services.json files, with deadlines.

Reads the manifest scripts/fleet writes (one JSON object):
  {"consul": "http://198.51.100.11:8500", "dependencies": {"web": ["api"], ...},
   "containers": [{"name": "db1", "service": "db", "address": "198.51.100.21:8080",
                   "file": "/tmp/.../db1/etc/services.json", "up": true}, ...]}

Commands (times are milliseconds since --since, an epoch time in ms; each prints one line `key=value ...`):
  complete  until Consul lists every container that is up as passing, and every file of a container that is up
            holds exactly the passing addresses of each of its dependencies; prints consul_ms and files_ms;
            --fresh NAME@INDEX (repeatable): NAME counts only with a check changed after INDEX (a restart)
  index     prints index=N, Consul's current index of --service's health
  steady    every --interval ms until --stop-file exists, compares every file of a container that is up (and has
            dependencies) with what it held at the start; counts samples that differ and that list nothing
  gone      until --victim's address is out of Consul's passing list and out of every file of --watcher service
  sample    every --interval ms until --stop-file exists, reads every file of --watcher service and counts the
            moments --dependency lists zero, or fewer than --expected, or fewer than --minimum instances
Exit status 1 on a deadline passed (the line says what was still missing).
"""
import argparse
import json
import os
import sys
import time
import urllib.request


def now_ms():
    return time.time() * 1000.0


def health(consul, service, passing_only=True):
    """Consul's health entries of `service` and the query's index, as the servers see them."""
    url = f"{consul}/v1/health/service/{service}" + ("?passing" if passing_only else "")
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.load(response), int(response.headers.get("X-Consul-Index", "0"))


def address_of(entry):
    return f"{entry['Service']['Address'] or entry['Node']['Address']}:{entry['Service']['Port']}"


def passing(consul, service, fresh_after=None):
    """The passing addresses of `service`. With `fresh_after` {address: index}, an address counts only once its
    service's own check changed after that index: a container killed and started again is listed passing by its
    old registration as soon as its node rejoins, before the new pilot registered anything."""
    entries, _ = health(consul, service)
    result = set()
    for entry in entries:
        address = address_of(entry)
        if fresh_after and address in fresh_after:
            own = [c["ModifyIndex"] for c in entry["Checks"] if c.get("ServiceID") == entry["Service"]["ID"]]
            if not own or max(own) <= fresh_after[address]:
                continue
        result.add(address)
    return result


def read_file(path):
    """A services.json as a dict, or None while it is missing or unreadable (replaced atomically, so rarely)."""
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def missing_in_files(manifest, expected_by_service):
    """What is wrong in the files of containers that are up: a list of 'name: dep has X want Y' strings."""
    problems = []
    for container in manifest["containers"]:
        dependencies = manifest["dependencies"].get(container["service"], [])
        if not container["up"] or not dependencies:
            continue  # pilot writes no services.json for a service without dependencies
        document = read_file(container["file"])
        if document is None:
            problems.append(f"{container['name']}: no services.json")
            continue
        for dependency in dependencies:
            have = set(document.get(dependency) or [])
            want = expected_by_service[dependency]
            if have != want:
                problems.append(f"{container['name']}: {dependency} has {len(have)} want {len(want)}")
    return problems


def expected(manifest):
    """Service → the addresses of its containers that are up."""
    result = {}
    for container in manifest["containers"]:
        result.setdefault(container["service"], set())
        if container["up"]:
            result[container["service"]].add(container["address"])
    return result


def complete(manifest, since, deadline_ms, fresh):
    want = expected(manifest)
    fresh_after = {}
    for item in fresh or []:
        name, index = item.split("@")
        fresh_after[next(c["address"] for c in manifest["containers"] if c["name"] == name)] = int(index)
    consul_ms = files_ms = stale_ms = None
    stale_samples = 0
    problems = ["nothing checked yet"]
    while now_ms() < deadline_ms:
        if consul_ms is None:
            try:
                if all(passing(manifest["consul"], s, fresh_after) == a for s, a in want.items()):
                    consul_ms = now_ms() - since
            except OSError:
                pass
        if consul_ms is None and fresh_after:
            # A restarted container listed by a dependant before its new registration passed: the old one, stale.
            for container in manifest["containers"]:
                document = read_file(container["file"]) if manifest["dependencies"].get(container["service"]) else None
                if document and any(a in fresh_after for d in document.values() for a in d):
                    stale_samples += 1
                    stale_ms = stale_ms if stale_ms is not None else now_ms() - since
        problems = missing_in_files(manifest, want)
        # Counted only once Consul has everything: the files cannot be ahead of it, except by a stale registration.
        if not problems and files_ms is None and consul_ms is not None:
            files_ms = now_ms() - since
        if consul_ms is not None and files_ms is not None:
            stale = f" stale_ms={stale_ms:.0f} stale_samples={stale_samples}" if stale_ms is not None else ""
            print(f"consul_ms={consul_ms:.0f} files_ms={files_ms:.0f}{stale}")
            return 0
        time.sleep(0.02)
    print(f"timeout consul_ms={consul_ms} files_ms={files_ms} missing={'; '.join(problems[:6])}")
    return 1


def gone(manifest, since, deadline_ms, victim, watcher):
    victim_entry = next(c for c in manifest["containers"] if c["name"] == victim)
    address = victim_entry["address"]
    files = [c for c in manifest["containers"] if c["service"] == watcher and c["up"]]
    consul_ms = None
    file_ms = {}
    while now_ms() < deadline_ms:
        if consul_ms is None:
            try:
                if address not in passing(manifest["consul"], victim_entry["service"]):
                    consul_ms = now_ms() - since
            except OSError:
                pass
        for container in files:
            if container["name"] in file_ms:
                continue
            document = read_file(container["file"])
            if document is not None and address not in (document.get(victim_entry["service"]) or []):
                file_ms[container["name"]] = now_ms() - since
        if consul_ms is not None and len(file_ms) == len(files):
            last = max(file_ms.values())
            print(f"consul_ms={consul_ms:.0f} files_ms={last:.0f} first_file_ms={min(file_ms.values()):.0f}"
                  f" pilot_part_ms={last - consul_ms:.0f}")
            return 0
        time.sleep(0.02)
    try:  # what Consul still says of the victim's node, for the post-mortem
        with urllib.request.urlopen(f"{manifest['consul']}/v1/health/node/{victim}", timeout=2) as response:
            checks = ",".join(f"{c['CheckID']}:{c['Status']}" for c in json.load(response))
    except OSError as error:
        checks = f"unknown({error})".replace(" ", "_")
    print(f"timeout consul_ms={consul_ms} files_out={','.join(sorted(file_ms))} victim_checks={checks}")
    return 1


def sample_files(files, stop_file, interval_ms, log_path, judge):
    """Reads every file in `files` every `interval_ms` until `stop_file` exists. `judge(container, document)`
    returns the names of the counts that sample adds to, empty for a sample as expected; such samples are
    logged. Returns the counts, with `samples` and `unreadable` (a file missing or not JSON)."""
    counts = {"samples": 0, "unreadable": 0}
    log = open(log_path, "w") if log_path else None
    while not os.path.exists(stop_file):
        moment = now_ms()
        for container in files:
            document = read_file(container["file"])
            counts["samples"] += 1
            if document is None:
                counts["unreadable"] += 1
                continue
            findings = judge(container, document)
            for name in findings:
                counts[name] = counts.get(name, 0) + 1
            if log and findings:
                log.write(f"{moment:.0f} {container['name']} {json.dumps(document, sort_keys=True)}\n")
        time.sleep(max(0.0, interval_ms / 1000.0 - (now_ms() - moment) / 1000.0))
    if log:
        log.close()
    return counts


def sample(manifest, watcher, dependency, expected_count, minimum, stop_file, interval_ms, log_path):
    files = [c for c in manifest["containers"] if c["service"] == watcher]

    def judge(container, document):
        count = len(document.get(dependency) or [])
        return [name for name, short in (("zero", count == 0), ("fewer_than_expected", count < expected_count),
                                         ("below_minimum", count < minimum)) if short]

    counts = sample_files(files, stop_file, interval_ms, log_path, judge)
    print(" ".join(f"{name}={counts.get(name, 0)}" for name in
                   ("samples", "zero", "fewer_than_expected", "below_minimum", "unreadable")))
    return 0


def steady(manifest, stop_file, interval_ms, log_path):
    """Every file of a container that is up and has dependencies, against what it held when sampling began (the
    fleet complete): counts the samples that differ, and those with an empty list for a dependency."""
    files = [c for c in manifest["containers"] if c["up"] and manifest["dependencies"].get(c["service"])]
    baseline = {c["name"]: read_file(c["file"]) for c in files}

    def judge(container, document):
        if document == baseline[container["name"]]:
            return []
        return ["changed"] + (["empty"] if any(not instances for instances in document.values()) else [])

    counts = sample_files(files, stop_file, interval_ms, log_path, judge)
    print(" ".join(f"{name}={counts.get(name, 0)}" for name in ("samples", "changed", "empty", "unreadable")))
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["complete", "gone", "sample", "index", "steady"])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--since", type=float, default=None)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds")
    parser.add_argument("--victim")
    parser.add_argument("--watcher")
    parser.add_argument("--dependency")
    parser.add_argument("--expected", type=int)
    parser.add_argument("--minimum", type=int)
    parser.add_argument("--stop-file")
    parser.add_argument("--interval", type=float, default=20.0, help="ms")
    parser.add_argument("--log")
    parser.add_argument("--fresh", action="append", help="NAME@INDEX: see passing()")
    parser.add_argument("--service")
    arguments = parser.parse_args()
    with open(arguments.manifest) as handle:
        manifest = json.load(handle)
    since = arguments.since if arguments.since is not None else now_ms()
    deadline = now_ms() + arguments.timeout * 1000.0
    if arguments.command == "index":
        print(f"index={health(manifest['consul'], arguments.service, passing_only=False)[1]}")
        return 0
    if arguments.command == "complete":
        return complete(manifest, since, deadline, arguments.fresh)
    if arguments.command == "gone":
        return gone(manifest, since, deadline, arguments.victim, arguments.watcher)
    if arguments.command == "steady":
        return steady(manifest, arguments.stop_file, arguments.interval, arguments.log)
    return sample(manifest, arguments.watcher, arguments.dependency, arguments.expected, arguments.minimum,
                  arguments.stop_file, arguments.interval, arguments.log)


if __name__ == "__main__":
    sys.exit(main())
