import ConsulAPI
import Foundation
import Testing
import Logging

@Suite("Configuration from the environment")
struct ConsulConfigurationTests {
    @Test func withoutVariablesTheLocalAgentWithoutTokenIsUsed() throws {
        let configuration = try ConsulConfiguration.fromEnvironment([:])
        #expect(configuration.addresses == [.localAgent])
        #expect(configuration.token == nil)
        #expect(configuration.tls == ConsulTLSSettings())
    }

    @Test func consulAddrWinsOverConsulHTTPAddr() throws {
        let configuration = try ConsulConfiguration.fromEnvironment([
            "CONSUL_ADDR": "10.0.0.1:8500",
            "CONSUL_HTTP_ADDR": "https://10.0.0.2:8501",
        ])
        #expect(configuration.addresses == [ConsulAddress(host: "10.0.0.1", port: 8500)])
    }

    @Test func consulHTTPAddrMayCarryAScheme() throws {
        let configuration = try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_ADDR": "https://consul.local:8501"])
        #expect(configuration.addresses == [ConsulAddress(scheme: .https, host: "consul.local", port: 8501)])
    }

    @Test func emptyVariablesCountAsUnset() throws {
        let configuration = try ConsulConfiguration.fromEnvironment(["CONSUL_ADDR": " ", "CONSUL_HTTP_ADDR": "c:1"])
        #expect(configuration.addresses == [ConsulAddress(host: "c", port: 1)])
    }

    @Test func commaSeparatedAddressesAreFailoverOrder() throws {
        let configuration = try ConsulConfiguration.fromEnvironment(["CONSUL_ADDR": "127.0.0.1:1,127.0.0.1:2"])
        #expect(configuration.addresses.map(\.port) == [1, 2])
    }

    @Test func consulHTTPSSLMakesSchemelessAddressesHTTPS() throws {
        let configuration = try ConsulConfiguration.fromEnvironment([
            "CONSUL_HTTP_ADDR": "consul:8501", "CONSUL_HTTP_SSL": "true",
        ])
        #expect(configuration.addresses.first?.scheme == .https)
    }

    @Test func malformedAddressErrorNamesTheVariable() {
        let error = #expect(throws: ConsulError.self) {
            try ConsulConfiguration.fromEnvironment(["CONSUL_ADDR": "consul:notaport"])
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("CONSUL_ADDR") == true)
    }

    @Test func tokenComesFromTheVariableBeforeTheFile() throws {
        let file = try Self.temporaryFile(containing: "from-file\n")
        defer { try? FileManager.default.removeItem(atPath: file) }

        let fromFile = try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_TOKEN_FILE": file])
        #expect(fromFile.token == ConsulToken("from-file"), "trailing newline trimmed")

        let both = try ConsulConfiguration.fromEnvironment([
            "CONSUL_HTTP_TOKEN": "direct", "CONSUL_HTTP_TOKEN_FILE": file,
        ])
        #expect(both.token == ConsulToken("direct"))
    }

    @Test func unreadableOrEmptyTokenFileIsAnErrorNamingTheFileNotItsContent() throws {
        let missing = #expect(throws: ConsulError.self) {
            try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_TOKEN_FILE": "/nonexistent/token"])
        }
        #expect(missing?.description.contains("CONSUL_HTTP_TOKEN_FILE") == true)
        #expect(missing?.description.contains("/nonexistent/token") == true)

        let file = try Self.temporaryFile(containing: " \n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let empty = #expect(throws: ConsulError.self) {
            try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_TOKEN_FILE": file])
        }
        #expect(empty?.description.contains("is empty") == true)
    }

    @Test func tlsVariablesMapToTLSSettings() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["ca.pem", "client.pem", "client-key.pem"] {
            try "pem".write(to: directory.appending(path: name), atomically: true, encoding: .utf8)
        }
        let path = directory.path(percentEncoded: false)
        let configuration = try ConsulConfiguration.fromEnvironment([
            "CONSUL_CACERT": "\(path)/ca.pem",
            "CONSUL_CAPATH": path,
            "CONSUL_CLIENT_CERT": "\(path)/client.pem",
            "CONSUL_CLIENT_KEY": "\(path)/client-key.pem",
            "CONSUL_TLS_SERVER_NAME": "server.dc1.consul",
            "CONSUL_HTTP_SSL_VERIFY": "false",
        ])
        #expect(
            configuration.tls
                == ConsulTLSSettings(
                    caFile: "\(path)/ca.pem",
                    caPath: path,
                    clientCertificateFile: "\(path)/client.pem",
                    clientKeyFile: "\(path)/client-key.pem",
                    serverName: "server.dc1.consul",
                    verifyServerCertificate: false
                )
        )
    }

    /// Issue 11, defect 11: `CONSUL_CACERT=/nonexistent` was silently ignored without an https address.
    @Test(arguments: ["CONSUL_CACERT", "CONSUL_CAPATH", "CONSUL_CLIENT_CERT", "CONSUL_CLIENT_KEY"])
    func missingTLSFileIsAnErrorNamingTheVariableEvenWithoutHTTPS(variable: String) {
        var environment = [variable: "/nonexistent/x"]
        if variable == "CONSUL_CLIENT_CERT" { environment["CONSUL_CLIENT_KEY"] = "/etc/passwd" }
        if variable == "CONSUL_CLIENT_KEY" { environment["CONSUL_CLIENT_CERT"] = "/etc/passwd" }
        let error = #expect(throws: ConsulError.self) { try ConsulConfiguration.fromEnvironment(environment) }
        #expect(error?.variable == variable)
        #expect(error?.description.contains("/nonexistent/x") == true)
    }

    /// Issue 11, defect 13: the one address parser reads both variables alike.
    @Test(arguments: ["CONSUL_ADDR", "CONSUL_HTTP_ADDR"])
    func bothAddressVariablesReadTheSameForms(variable: String) throws {
        let https = try ConsulConfiguration.fromEnvironment([variable: "https://consul.internal"])
        #expect(https.addresses == [ConsulAddress(scheme: .https, host: "consul.internal", port: 8501)])
        #expect(https.addressVariable == variable)
        let ipv6 = try ConsulConfiguration.fromEnvironment([variable: "::1"])
        #expect(ipv6.addresses == [ConsulAddress(host: "::1", port: 8500)])
        let error = #expect(throws: ConsulError.self) {
            try ConsulConfiguration.fromEnvironment([variable: "consul:abc"])
        }
        #expect(error?.variable == variable)
    }

    @Test func defaultAddressHasNoVariable() throws {
        #expect(try ConsulConfiguration.fromEnvironment([:]).addressVariable == nil)
    }

    @Test(arguments: ["1", "t", "TRUE", "True"])
    func goBooleanSpellingsAreAccepted(text: String) throws {
        #expect(try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_SSL_VERIFY": text]).tls.verifyServerCertificate)
    }

    @Test func invalidBooleanErrorNamesTheVariable() {
        let error = #expect(throws: ConsulError.self) {
            try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_SSL_VERIFY": "nope"])
        }
        #expect(error?.variable == "CONSUL_HTTP_SSL_VERIFY")
        #expect(error?.description.contains("CONSUL_HTTP_SSL_VERIFY: \"nope\" is not a boolean") == true)
    }

    @Test func tokenNeverShowsInAnyTextualFormOfTheConfiguration() throws {
        let secret = "b5c1c1a4-3c1f-4e24-9c1f-6d4bd6e2d1aa"
        let configuration = try ConsulConfiguration.fromEnvironment(["CONSUL_HTTP_TOKEN": secret])
        var dumped = ""
        dump(configuration, to: &dumped)
        let forms = [
            "\(configuration)", String(reflecting: configuration), dumped,
            "\(configuration.token!)", String(reflecting: configuration.token!),
        ]
        for form in forms {
            #expect(!form.contains(secret))
        }
        #expect("\(configuration.token!)" == "ConsulToken(<redacted>)")
    }

    @Test func missingTLSFileIsReportedWhenTheClientIsMade() {
        let configuration = ConsulConfiguration(
            addresses: [ConsulAddress(scheme: .https, host: "127.0.0.1", port: 8501)],
            tls: ConsulTLSSettings(caFile: "/nonexistent/ca.pem")
        )
        let error = #expect(throws: ConsulError.self) {
            _ = try ConsulClient(configuration: configuration, logger: .init(label: "test"))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("/nonexistent/ca.pem") == true)
    }

    static func temporaryFile(containing text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
