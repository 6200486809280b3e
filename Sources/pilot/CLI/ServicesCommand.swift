import ArgumentParser
import ConsulAPI
import DiscoveryModel
import Logging
import PilotAgent

/// `pilot services`: what the dependencies resolve to right now, without writing anything.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Print what the dependencies resolve to now (a table, or the JSON services.json would hold).",
        discussion: "Reads the same settings as pilot run. Writes nothing. Exit codes: 0, 1 when Consul cannot be reached, 2 for bad settings."
    )

    @OptionGroup var options: RunOptions

    @Flag(help: "Print the JSON document services.json would hold, byte for byte.")
    var json = false

    func run() async throws {
        let configuration: AgentConfiguration
        let dependencies: [String]
        let quiet = Logger(label: "pilot", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            configuration = try AgentConfiguration(
                flags: options.flags, environment: ProcessEnvironment.current, systemHostname: ProcessEnvironment.hostname)
            dependencies = try DependencySource.dependencies(
                file: configuration.dependencyFile, service: configuration.settings.serviceName, logger: quiet)
        } catch {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.usage.exitCode
        }
        let client = try ConsulClient(configuration: configuration.consul, logger: quiet)
        var instances: [String: [ServiceInstance]] = [:]
        do {
            for dependency in dependencies {
                let name = configuration.settings.registeredName(ofDependency: dependency)
                let entries = try await client.health.service(name, query: HealthServiceQuery(passingOnly: true)).value
                instances[dependency] = entries.map { ServiceInstance(host: $0.instanceAddress, port: $0.service.port) }
            }
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            StandardError.write("pilot: \(error)")
            throw ExitStatus.failure.exitCode
        }
        let document = ServicesDocument(instances)
        if json {
            print(document.encoded(), terminator: "")
            return
        }
        let width = max(12, (dependencies.map(\.count).max() ?? 0) + 2)
        print("dependency" + String(repeating: " ", count: width - 10) + "healthy instances")
        for dependency in dependencies.sorted() {
            let list = document[dependency]!.map(\.description)
            print(dependency + String(repeating: " ", count: width - dependency.count) + (list.isEmpty ? "(none)" : list.joined(separator: ", ")))
        }
    }
}
