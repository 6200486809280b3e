import DiscoveryModel
import Glibc
import NIOCore

/// The agent's listening sockets, bound before anything starts.
struct Listeners: Sendable {
    /// The control socket, unless it is `off`.
    var control: HTTPListener?
    /// The metrics port, when `TELEMETRY_PORT` is set.
    var telemetry: HTTPListener?

    /// Binds the control socket (after removing a stale one) and the metrics port.
    ///
    /// - Throws: ``SettingsError`` naming the setting whose socket cannot be used: another pilot answers
    ///   on the control socket, its path is not a socket, too long or not writable; the port is taken or
    ///   its address is not this host's.
    static func bind(_ configuration: AgentConfiguration, eventLoopGroup: any EventLoopGroup) async throws -> Listeners {
        var listeners = Listeners()
        if let path = configuration.controlSocket {
            let setting = "PILOT_CONTROL_SOCKET (--control-socket)"
            do {
                try ControlSocket.prepare(path)
            } catch {
                throw SettingsError(variable: setting, value: path, reason: error.description)
            }
            do {
                listeners.control = try await HTTPListener.bind(
                    .unix(path: path), eventLoopGroup: eventLoopGroup,
                    mode: configuration.controlSocketGroup == nil ? 0o600 : 0o660,
                    group: configuration.controlSocketGroup.flatMap(GroupID.of))
            } catch {
                throw SettingsError(
                    variable: setting, value: path,
                    reason: "\(error.reason); give a path pilot can create, or off for no control socket")
            }
        }
        if let port = configuration.telemetryPort {
            do {
                listeners.telemetry = try await HTTPListener.bind(
                    .tcp(host: configuration.telemetryAddress, port: port), eventLoopGroup: eventLoopGroup)
            } catch {
                await listeners.control?.close()
                throw SettingsError(
                    variable: "TELEMETRY_PORT (--telemetry-port) on TELEMETRY_ADDRESS",
                    value: "\(configuration.telemetryAddress):\(port)", reason: error.reason)
            }
        }
        return listeners
    }
}
