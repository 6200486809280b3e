/// The templates' commands still to run, one at a time, each known by its text: a command asked for again
/// before it started runs once; one asked for while it runs runs once more after it. consul-template runs the
/// distinct commands of a render pass one after another, after every file of the pass is written.
struct TemplateCommandQueue: Sendable, Equatable {
    /// The commands waiting, in the order asked.
    private(set) var waiting: [String] = []
    /// The command running, if one is.
    private(set) var running: String?

    /// `command` must run (again).
    mutating func request(_ command: String) {
        if !waiting.contains(command) { waiting.append(command) }
    }

    /// The command to start now, if none runs and one waits; it is then the running one.
    mutating func next() -> String? {
        guard running == nil, !waiting.isEmpty else { return nil }
        running = waiting.removeFirst()
        return running
    }

    /// The running command ended.
    mutating func finished() {
        running = nil
    }
}
