import ContainerPilotConfig
import DiscoveryModel

/// The address a job's service is registered with: the first of its `interfaces` that matches an address of
/// this host, as ContainerPilot chooses it.
enum JobAddress {
    /// The address for `specifications` among `addresses`.
    ///
    /// - Throws: ``JobAddressError`` naming the job and what the host has when no specification matches.
    static func resolve(
        _ specifications: [InterfaceSpecification], job: String, in addresses: InterfaceAddresses
    ) throws(JobAddressError) -> IPAddress {
        for specification in specifications {
            if let address = match(specification, in: addresses) { return address }
        }
        throw JobAddressError(
            job: job, specifications: specifications.map(\.description), host: addresses.described)
    }

    private static func match(_ specification: InterfaceSpecification, in addresses: InterfaceAddresses) -> IPAddress? {
        switch specification {
        case .service(let interface):
            return try? addresses.address(for: interface)
        case .indexed(let interface, let index):
            let ofInterface = addresses.entries.filter { $0.interface == interface }
            return index < ofInterface.count ? ofInterface[index].address : nil
        case .anyInterface(let family):
            // The first non-loopback address of the family, as ContainerPilot's `inet` and `inet6` mean.
            return addresses.entries.first { entry in
                !isLoopback(entry.address)
                    && (family == .inet ? !entry.address.isIPv6 : entry.address.isIPv6 && !entry.address.isLinkLocal)
            }?.address
        }
    }

    private static func isLoopback(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let first, _, _, _): first == 127
        case .v6(let groups): groups == [0, 0, 0, 0, 0, 0, 0, 1]
        }
    }
}

/// No interface specification of a job matched an address of this host.
struct JobAddressError: Error, Sendable, CustomStringConvertible {
    /// The job's name.
    var job: String
    /// Its `interfaces`, as written.
    var specifications: [String]
    /// The host's interfaces and addresses.
    var host: String

    var description: String {
        "job \"\(job)\": none of its interfaces (\(specifications.joined(separator: ", "))) matches an address "
            + "of this host; it has \(host)"
    }
}
