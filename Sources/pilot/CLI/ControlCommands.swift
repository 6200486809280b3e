import ArgumentParser
import FoundationEssentials
import PilotAgent

/// The `--socket` option of the commands that talk to a running agent.
struct SocketOption: ParsableArguments {
    @Option(help: ArgumentHelp("The agent's control socket (PILOT_CONTROL_SOCKET).", valueName: "path"))
    var socket: String?

    var path: String { socket ?? ProcessEnvironment.current["PILOT_CONTROL_SOCKET"] ?? ControlSocket.defaultPath }

    /// Calls the agent, turning a failure into a message and exit code 1.
    func call(_ method: ControlClient.Method, _ path: String, body: [String: String]? = nil) async throws -> [UInt8] {
        do {
            return try await ControlClient(socket: self.path).call(method, path, body: body)
        } catch {
            StandardError.write("pilot: \(error)")
            throw ExitStatus.failure.exitCode
        }
    }
}

/// `pilot status`: what a running agent is doing.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what a running agent is doing (GET /v3/status on its control socket).")

    @OptionGroup var socket: SocketOption

    @Flag(help: "Print the agent's JSON as it is.")
    var json = false

    func run() async throws {
        let bytes = try await socket.call(.get, "/v3/status")
        if json {
            print(String(decoding: bytes, as: UTF8.self), terminator: "")
            return
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let snapshot = try decoder.decode(StatusSnapshot.self, from: Data(bytes))
        print(StatusTable.text(snapshot), terminator: "")
    }
}

/// `pilot maintenance on|off`: out of rotation and back.
struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Take the service out of rotation (on) or put it back (off).")

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @Argument(help: "on or off.")
    var mode: Mode

    @Option(help: "Why, shown in Consul.")
    var reason = "maintenance through pilot"

    @OptionGroup var socket: SocketOption

    func run() async throws {
        if mode == .on {
            _ = try await socket.call(.post, "/v3/maintenance/enable", body: ["reason": reason])
            print("maintenance on: the service is out of rotation")
        } else {
            _ = try await socket.call(.post, "/v3/maintenance/disable")
            print("maintenance off: the service is back in rotation")
        }
    }
}

/// `pilot reload`: re-read the dependency file and the configuration file.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Make a running agent re-read serviceDependencies.json and its configuration file.")

    @OptionGroup var socket: SocketOption

    func run() async throws {
        print(String(decoding: try await socket.call(.post, "/v3/reload"), as: UTF8.self), terminator: "")
    }
}
