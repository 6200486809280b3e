import ConsulAPI
import Foundation
import Testing
import TestSupport

/// A real nginx in front of a service whose upstream block pilot renders from Consul, `nginx -s reload` as the
/// template's command: the brief's hand-kept upstream lists, kept by the registry.
@Suite(.serialized) struct NginxUpstreamTests {
    /// One backend: python's HTTP server answering with its own name.
    final class Backend {
        let name: String
        let port: Int
        let process = Process()

        init(name: String, directory: URL) throws {
            self.name = name
            port = FreePorts.take(1)[0]
            let root = directory.appending(path: "backend-\(name)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try name.write(to: root.appending(path: "index.html"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", root.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Kills the server. (SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM.)
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// nginx on a free port, its configuration including the rendered upstream.
    final class Nginx {
        let port: Int
        let directory: URL
        let process = Process()

        init(directory: URL, port: Int) throws {
            self.directory = directory
            self.port = port
            let config = """
                daemon off;
                master_process on;
                worker_processes 1;
                pid \(directory.path)/nginx.pid;
                error_log \(directory.path)/nginx-error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path \(directory.path)/body;
                    proxy_temp_path \(directory.path)/proxy;
                    include \(directory.path)/upstream.conf;
                    server {
                        listen 127.0.0.1:\(port);
                        location / { proxy_pass http://api; proxy_next_upstream off; }
                    }
                }
                """
            try config.write(to: configPath, atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["-c", configPath.path, "-p", directory.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        var configPath: URL { directory.appending(path: "nginx.conf") }

        /// The command that reloads the nginx of `directory`.
        static func reloadCommand(directory: URL) -> String {
            "\(binary) -c \(directory.appending(path: "nginx.conf").path) -p \(directory.path) -s reload"
        }

        static let binary =
            ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "nginx"

        /// One request through nginx: the backend's name, or nil.
        func request() -> String? {
            NginxUpstreamTests.get("http://127.0.0.1:\(port)/")
        }

        /// The backends `count` requests reached.
        func spread(_ count: Int) -> Set<String> {
            Set((0..<count).compactMap { _ in request() })
        }

        /// Stops nginx with its own `-s stop` (nginx sets its signal mask itself, so its master takes it).
        func stop() {
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: Self.binary)
            stop.arguments = ["-c", configPath.path, "-p", directory.path, "-s", "stop"]
            stop.standardError = FileHandle.nullDevice
            if (try? stop.run()) != nil { stop.waitUntilExit() }
            process.waitUntilExit()
        }
    }

    /// A GET with a 2 s limit (curl): the body, or nil.
    static func get(_ url: String) -> String? {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-f", "-m", "2", url]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    static let template = """
        upstream api {
        {{- range service "api" }}
            server {{ .Address }}:{{ .Port }};
        {{- end }}
        }

        """

    static func register(_ backend: Backend, _ probe: ConsulProbe, passing: Bool = true) async throws {
        var check = AgentServiceCheck.ttl(.seconds(60), checkID: "check-\(backend.name)", name: "ttl")
        check.status = passing ? .passing : .critical
        try await probe.client.agent.register(AgentServiceRegistration(
            name: "api", id: backend.name, address: "127.0.0.1", port: backend.port, check: check))
    }

    @Test func nginxFollowsTheRegistryWithinASecondAndKeepsItsUpstreamThroughAnOutage() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Nginx.binary), "nginx is installed by scripts/setup")
        let consul = try ConsulDevAgent(name: "nginx")
        try await consul.start()
        let probe = try ConsulProbe(consul)
        defer { consul.stop() }
        let directory = try PilotAgent.workingDirectory()
        let a = try Backend(name: "a", directory: directory)
        let b = try Backend(name: "b", directory: directory)
        defer {
            a.stop()
            b.stop()
        }
        try await Self.register(a, probe)
        try await Self.register(b, probe)
        try Self.template.write(to: directory.appending(path: "upstream.ctmpl"), atomically: true, encoding: .utf8)

        // pilot renders the upstream before nginx starts (nginx needs the file), then reloads it on each change.
        let upstream = directory.appending(path: "upstream.conf")
        let nginxPort = FreePorts.take(1)[0]
        let reload = Nginx.reloadCommand(directory: directory)
        let pilot = try PilotAgent(
            environment: ["CONSUL_ADDR": "127.0.0.1:\(consul.ports.http)", "PILOT_CONTROL_SOCKET": "off"],
            arguments: ["run", "--template", "upstream.ctmpl:\(upstream.path):\(reload) || true"],
            directory: directory)
        _ = try await Polling.until("the first upstream") { () -> Bool? in
            FileManager.default.fileExists(atPath: upstream.path) ? true : nil
        }
        let nginx = try Nginx(directory: directory, port: nginxPort)
        defer { nginx.stop() }
        _ = try await Polling.until("nginx serving both backends", timeout: .seconds(20)) { () -> Bool? in
            nginx.spread(8) == ["a", "b"] ? true : nil
        }

        // A third instance joins the rotation within a second of passing.
        let c = try Backend(name: "c", directory: directory)
        defer { c.stop() }
        _ = try await Polling.until("backend c listening") { () -> Bool? in
            Self.get("http://127.0.0.1:\(c.port)/") != nil ? true : nil
        }
        let joined = ContinuousClock.now
        try await Self.register(c, probe)
        _ = try await Polling.until("c reached through nginx", timeout: .seconds(5)) { () -> Bool? in
            nginx.request() == "c" ? true : nil
        }
        let joinTime = ContinuousClock.now - joined
        print("nginx: a new instance took \(joinTime) from passing to serving")
        #expect(joinTime < .seconds(1))

        // A failing instance leaves the upstream.
        try await probe.client.agent.updateCheck("check-b", status: .critical, output: "down")
        _ = try await Polling.until("b out of the upstream", timeout: .seconds(5)) { () -> Bool? in
            (try? String(contentsOf: upstream, encoding: .utf8))?.contains(":\(b.port);") == false ? true : nil
        }
        _ = try await Polling.until("nginx no longer reaching b", timeout: .seconds(5)) { () -> Bool? in
            nginx.spread(12).contains("b") ? nil : true
        }

        // Consul goes away: the upstream stays as it was and nginx keeps serving a and c.
        let before = try String(contentsOf: upstream, encoding: .utf8)
        await probe.shutdown()
        consul.stop()
        for _ in 0..<5 {
            #expect(nginx.spread(4).isSubset(of: ["a", "c"]))
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try String(contentsOf: upstream, encoding: .utf8) == before, "no empty upstream during the outage")
        #expect(nginx.spread(8) == ["a", "c"])
        pilot.send(SIGTERM)
        #expect(try await pilot.waitForExit() == 0)
    }
}
