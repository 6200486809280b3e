import ServiceLifecycle
import Synchronization

/// Lets a part ask for the graceful shutdown of the service group it runs in, which is made after the parts
/// are: the composition root attaches the group once it exists.
///
/// The environment contract's application is a job of the engine; when it is done, pilot stops as a whole, in
/// the group's order (the registration deregisters before the Consul agent job leaves), not the engine alone.
final class ShutdownTrigger: Sendable {
    private let group = Mutex<ServiceGroup?>(nil)
    private let requested = Atomic<Bool>(false)

    /// A trigger with no group yet.
    init() {}

    /// Attaches the group; a shutdown asked for before is carried out now.
    func attach(_ serviceGroup: ServiceGroup) {
        group.withLock { $0 = serviceGroup }
        if requested.load(ordering: .relaxed) { Task { await serviceGroup.triggerGracefulShutdown() } }
    }

    /// Starts the group's graceful shutdown.
    func trigger() async {
        requested.store(true, ordering: .relaxed)
        if let serviceGroup = group.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
    }
}
