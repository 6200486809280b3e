import DiscoveryModel
import Testing

@Suite struct AgentSettingsTests {
    func settings(_ environment: [String: String]) throws -> AgentSettings {
        try AgentSettings(environment: environment, systemHostname: "node-1")
    }

    func error(_ environment: [String: String]) -> SettingsError? {
        do {
            _ = try AgentSettings(environment: environment, systemHostname: "node-1")
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyEnvironmentGivesTheBriefsDefaults() throws {
        let defaults = try settings([:])
        #expect(defaults.consulJoinAddresses == [])
        #expect(defaults.consulAdvertise == nil)
        #expect(defaults.serviceName == "main")
        #expect(defaults.registeredName == "main")
        #expect(defaults.serviceID == "main-node-1")
        #expect(defaults.servicePort == nil)
        #expect(!defaults.registersService)
        #expect(defaults.serviceCommand == nil)
        #expect(defaults.serviceInterface == .named("eth0", .inet))
        #expect(!defaults.signalOnChange)
    }

    @Test func everyVariableIsRead() throws {
        let read = try settings([
            "CONSUL_JOIN_ADDR": "10.0.0.1",
            "CONSUL_ADVERTISE": "192.0.2.7",
            "SERVICE_NAME": "api",
            "SERVICE_PORT": "8080",
            "SERVICE_COMMAND": #"php-fpm -d "memory_limit=256M" --nodaemonize"#,
            "SERVICE_INTERFACE": "static:192.168.1.100",
            "SERVICE_SIGNAL_CHANGED": "1",
            "HOSTNAME": "web-7f9c",
        ])
        #expect(read.consulJoinAddresses == ["10.0.0.1"])
        #expect(read.consulAdvertise == IPAddress("192.0.2.7"))
        #expect(read.serviceID == "api-web-7f9c")
        #expect(read.servicePort == 8080)
        #expect(read.serviceCommand == ["php-fpm", "-d", "memory_limit=256M", "--nodaemonize"])
        #expect(read.serviceInterface == .fixed(IPAddress("192.168.1.100")!))
        #expect(read.signalOnChange)
    }

    @Test func prefixAppliesToNameIDAndDependencies() throws {
        let read = try settings(["CONSUL_PREFIX": "staging-", "SERVICE_NAME": "api", "HOSTNAME": "h1"])
        #expect(read.serviceName == "api")
        #expect(read.registeredName == "staging-api")
        #expect(read.serviceID == "staging-api-h1")
        #expect(read.registeredName(ofDependency: "db") == "staging-db")
    }

    @Test func joinAddressesAreAList() throws {
        #expect(try settings(["CONSUL_JOIN_ADDR": "10.0.0.1,10.0.0.2"]).consulJoinAddresses == ["10.0.0.1", "10.0.0.2"])
    }

    @Test func pluralSignalSpellingIsAnAlias() throws {
        #expect(try settings(["SERVICES_SIGNAL_CHANGED": "yes"]).signalOnChange)
        #expect(try settings(["SERVICE_SIGNAL_CHANGED": "true"]).signalOnChange)
        #expect(try !settings(["SERVICE_SIGNAL_CHANGED": "false"]).signalOnChange)
        #expect(try !settings(["SERVICE_SIGNAL_CHANGED": ""]).signalOnChange)
        #expect(try !settings(["SERVICE_SIGNAL_CHANGED": "OFF"]).signalOnChange)
        #expect(try settings(["SERVICE_SIGNAL_CHANGED": "SIGHUP"]).signalOnChange)
    }

    @Test func emptyValuesCountAsUnset() throws {
        let read = try settings(["SERVICE_PORT": "", "SERVICE_COMMAND": "", "CONSUL_ADDR": "", "SERVICE_NAME": ""])
        #expect(read.servicePort == nil)
        #expect(read.serviceCommand == nil)
        #expect(read.serviceName == "main")
    }

    @Test func hostnameFallsBackToTheSystems() throws {
        #expect(try settings(["SERVICE_NAME": "db"]).serviceID == "db-node-1")
    }

    @Test(arguments: [
        ("SERVICE_PORT", "abc", #"SERVICE_PORT="abc": expected a port number from 1 to 65535"#),
        ("SERVICE_PORT", "70000", #"SERVICE_PORT="70000": expected a port number from 1 to 65535"#),
        ("SERVICE_PORT", "0", #"SERVICE_PORT="0": expected a port number from 1 to 65535"#),
        ("SERVICE_PORT", "-1", #"SERVICE_PORT="-1": expected a port number from 1 to 65535"#),
        ("SERVICE_INTERFACE", "static:999.1.1.1",
         #"SERVICE_INTERFACE="static:999.1.1.1": "999.1.1.1" is not an IPv4 or IPv6 address; expected e.g. static:192.168.1.100"#),
        ("SERVICE_INTERFACE", "eth0:inet7",
         #"SERVICE_INTERFACE="eth0:inet7": unknown address family "inet7"; expected NAME, NAME:inet6, static:IP or a network"#),
        ("SERVICE_INTERFACE", "10.0.0.0/33", #"SERVICE_INTERFACE="10.0.0.0/33": the prefix length must be a number from 0 to 32"#),
        ("CONSUL_ADVERTISE", "not-an-ip", #"CONSUL_ADVERTISE="not-an-ip": expected an IPv4 or IPv6 address"#),
        ("SERVICE_COMMAND", "sh -c 'unterminated", #"SERVICE_COMMAND="sh -c 'unterminated": unterminated single quote"#),
        ("SERVICE_NAME", "my_service",
         #"SERVICE_NAME="my_service": '_' is not allowed; use letters, digits and hyphens (an RFC 1123 DNS label)"#),
    ])
    func invalidValueNamesTheVariableAndTheValue(variable: String, value: String, message: String) {
        let found = error([variable: value])
        #expect(found?.variable == variable)
        #expect(found?.value == value)
        #expect(found?.description == message)
    }

    @Test func prefixThatMakesAnInvalidNameIsBlamedOnThePrefix() {
        let found = error(["CONSUL_PREFIX": "team_", "SERVICE_NAME": "api"])
        #expect(found?.variable == "CONSUL_PREFIX")
    }
}

@Suite struct ServiceInterfaceTests {
    @Test func parsesEveryForm() throws {
        #expect(try ServiceInterface(parsing: "eth0") == .named("eth0", .inet))
        #expect(try ServiceInterface(parsing: "eth0:inet6") == .named("eth0", .inet6))
        #expect(try ServiceInterface(parsing: "static:2001:db8::5") == .fixed(IPAddress("2001:db8::5")!))
        #expect(try ServiceInterface(parsing: "10.0.0.0/8") == .network(IPAddress("10.0.0.0")!, prefixLength: 8))
        #expect(try ServiceInterface(parsing: "static:192.0.2.1").description == "static:192.0.2.1")
    }
}

@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("app --port 80", ["app", "--port", "80"]),
        ("  spaced   out  ", ["spaced", "out"]),
        (#"sh -c 'echo "hi there"'"#, ["sh", "-c", #"echo "hi there""#]),
        (#"echo "a \"quoted\" word" b\ c"#, ["echo", #"a "quoted" word"#, "b c"]),
        (#"echo "keep \n as is""#, ["echo", #"keep \n as is"#]),
        ("echo '' \"\"", ["echo", "", ""]),
        ("echo $HOME", ["echo", "$HOME"]),
    ])
    func splitsLikeAShell(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test(arguments: ["echo 'open", "echo \"open", "echo trailing\\"])
    func rejectsUnfinishedQuoting(line: String) {
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split(line) }
    }
}
