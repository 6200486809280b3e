import ConsulAPI
import Foundation
import Testing
import TestSupport

/// Issue 11, defect 2: a request to a part is never dropped and always answered, and never holds up
/// shutdown. A maintenance request while Consul was unreachable at start-up used to be lost, hang the HTTP
/// call for 45 s, and leave pilot deaf to SIGTERM.
@Suite(.serialized) struct MaintenanceRequestTests {
    @Test func maintenanceWhileConsulIsAwayIsAnsweredAtOnceAppliedOnItsReturnAndSigtermStillEndsPilot() async throws {
        let consul = try ConsulDevAgent(name: "maint-away")
        let directory = try PilotAgent.workingDirectory(ping: "exit 0")
        let socket = directory.appending(path: "control.socket").path(percentEncoded: false)
        let pilot = try PilotAgent(
            environment: [
                "CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "SERVICE_NAME": "drained", "SERVICE_PORT": "80",
                "SERVICE_INTERFACE": "static:127.0.0.1", "SERVICE_COMMAND": "sleep 1000",
                "PILOT_CONTROL_SOCKET": socket, "HOSTNAME": "m1",
            ],
            arguments: ["run", "--check-interval", "500ms"], directory: directory)
        try await ControlSocketTests.waitForSocket(socket)

        // Several at once, as an impatient operator would send them: each is answered, none is lost.
        let asked = ContinuousClock.now
        let replies = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try UnixSocketHTTP.request(socket, "POST", "/v3/maintenance/enable", body: #"{"reason":"drain"}"#)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ContinuousClock.now - asked < .seconds(5))
        #expect(replies.count == 8)
        for reply in replies {
            #expect(reply.status == 503, "\(reply)")
            #expect(reply.body.contains("maintenance will be turned on as soon as pilot registers again"), "\(reply)")
        }

        try await consul.start()
        let probe = try ConsulProbe(consul)
        do {
            _ = try await Polling.until("maintenance applied once Consul is back", timeout: .seconds(20)) { () -> Bool? in
                let checks = try await probe.instances("drained").first?.checks ?? []
                return checks.contains { $0.checkID.hasPrefix("_service_maintenance") && $0.notes == "drain" } ? true : nil
            }
            let signalled = ContinuousClock.now
            pilot.send(SIGTERM)
            #expect(try await pilot.waitForExit(timeout: .seconds(10)) == 0)
            #expect(ContinuousClock.now - signalled < .seconds(3))
        } catch {
            await probe.shutdown()
            consul.stop()
            throw error
        }
        await probe.shutdown()
        consul.stop()
    }
}

