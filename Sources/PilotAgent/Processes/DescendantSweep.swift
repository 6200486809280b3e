import CPilotSpawn
import Glibc

/// Finds and kills what a check run left behind outside its process group.
///
/// A check (`./ping`, the `--on-change` command) runs as the leader of its own process group, and killing
/// that group ends everything that stayed in it. A descendant that called `setsid` (or `setpgid`) has left
/// the group and would live on, one more each run. Without cgroups (a container's pilot cannot assume it
/// may create them), two things together find such escapees:
///
/// - pilot is a child subreaper (``ChildProcesses``), so an escapee whose parent exits is reparented to
///   pilot instead of PID 1 and stays in pilot's process tree;
/// - each run's environment carries ``markerVariable`` with a value unique to the run, which every
///   descendant inherits unless it deliberately replaces its environment.
///
/// After the run, every process below pilot whose initial environment (`/proc/<pid>/environ`) holds the
/// run's marker, and everything below such a process, is killed. Only pilot's descendants are looked at,
/// and never a child pilot itself started that still runs (the managed service, another check) nor
/// anything below one, so the managed service and its descendants are never touched: they do not carry
/// the marker, and their subtrees are excluded outright. The marker rather than the parent chain alone
/// identifies a run's processes because once the check's leader has exited its orphans are pilot's
/// direct children, like the managed service's orphans, and only the marker tells them apart. A process
/// whose start time differs from the one seen in the scan is a recycled ID and is left alone; a pidfd
/// pins the process between that check and the signal where the kernel has one (5.3+).
///
/// Not found: a descendant that both replaced its environment and lost its marked parent, or one in
/// another user's name when pilot is not root (it could not be signalled anyway).
enum DescendantSweep {
    /// The environment variable whose value names a check run; it is put in every timed command's
    /// environment.
    static let markerVariable = "PILOT_CHECK_RUN"

    /// One process as `/proc/<pid>/stat` shows it.
    struct ProcessEntry: Hashable, Sendable {
        /// Its process ID.
        var pid: pid_t
        /// Its parent's process ID.
        var parent: pid_t
        /// Clock ticks after boot at which it started: with `pid`, a name no other process can have.
        var startTime: UInt64
        /// Whether it has exited and waits to be reaped (a zombie can no longer be killed, nor read).
        var isZombie: Bool
    }

    /// The processes below `root` (not `root` itself), leaving out every process in `excluded` and
    /// everything below one.
    static func descendants(of root: pid_t, in table: [ProcessEntry], excluding excluded: Set<pid_t>)
        -> [ProcessEntry]
    {
        var children: [pid_t: [ProcessEntry]] = [:]
        for entry in table where entry.pid != entry.parent { children[entry.parent, default: []].append(entry) }
        var found: [ProcessEntry] = []
        var pending = [root]
        var seen: Set<pid_t> = [root]
        while let next = pending.popLast() {
            for child in children[next] ?? [] where !excluded.contains(child.pid) && seen.insert(child.pid).inserted {
                found.append(child)
                pending.append(child.pid)
            }
        }
        return found
    }

    /// Which of `candidates` (pilot's descendants outside the excluded subtrees) belong to the run: those
    /// `marked`, and those below a marked one. Zombies are left out: they are already dead.
    static func victims(among candidates: [ProcessEntry], marked: Set<pid_t>) -> [ProcessEntry] {
        let parents = Dictionary(candidates.map { ($0.pid, $0.parent) }, uniquingKeysWith: { first, _ in first })
        func belongs(_ pid: pid_t) -> Bool {
            var current: pid_t? = pid
            var steps = 0
            while let pid = current, steps <= candidates.count {
                if marked.contains(pid) { return true }
                current = parents[pid]
                steps += 1
            }
            return false
        }
        return candidates.filter { !$0.isZombie && belongs($0.pid) }
    }

    /// Kills every process of the run named `marker` that is still alive below pilot, leaving alone the
    /// children in `protected` and their subtrees.
    ///
    /// - Returns: how many processes were signalled.
    @discardableResult
    static func sweep(marker: String, protected: Set<pid_t>) -> Int {
        let needle = Array("\(markerVariable)=\(marker)".utf8) + [0]
        var killed = 0
        // A few passes: a process may have forked between the scan and its kill.
        for _ in 0..<5 {
            let candidates = descendants(of: getpid(), in: ProcessTable.read(), excluding: protected)
            let marked = Set(
                candidates.filter { !$0.isZombie && ProcessTable.environment(of: $0.pid, contains: needle) }.map(\.pid))
            let found = victims(among: candidates, marked: marked)
            if found.isEmpty { break }
            for entry in found where kill(entry) { killed += 1 }
        }
        return killed
    }

    /// Sends SIGKILL to `entry` if that process (same ID, same start time) still exists.
    private static func kill(_ entry: ProcessEntry) -> Bool {
        let pidfd = cps_pidfd_open(entry.pid)
        if pidfd < 0 && errno != ENOSYS { return false }  // gone already
        defer { if pidfd >= 0 { close(pidfd) } }
        guard ProcessTable.entry(of: entry.pid)?.startTime == entry.startTime else { return false }
        if pidfd >= 0 { return cps_pidfd_send_signal(pidfd, SIGKILL) == 0 }
        return Glibc.kill(entry.pid, SIGKILL) == 0
    }
}
