import Glibc
import Testing

@testable import PilotAgent

@Suite struct EngineEnvironmentTests {
    @Test func carriesPilotsProcessID() {
        let environment = EngineEnvironment(base: ["PATH": "/bin"])
        #expect(environment.snapshot["CONTAINERPILOT_PID"] == String(getpid()))
        #expect(environment.snapshot["PATH"] == "/bin")
    }

    @Test func namesJobVariablesAsContainerPilotDoes() {
        #expect(EngineEnvironment.variableName(job: "nginx-proxy", suffix: "IP") == "CONTAINERPILOT_NGINX_PROXY_IP")
        #expect(EngineEnvironment.variableName(job: "app", suffix: "PID") == "CONTAINERPILOT_APP_PID")
    }

    @Test func aJobsProcessIDIsSetWhileItRunsAndRemovedAfter() {
        let environment = EngineEnvironment(base: [:])
        environment.setProcess(42, ofJob: "app")
        #expect(environment.snapshot["CONTAINERPILOT_APP_PID"] == "42")
        environment.setProcess(nil, ofJob: "app")
        #expect(environment.snapshot["CONTAINERPILOT_APP_PID"] == nil)
    }

    @Test func putenvSetsAndAnEmptyValueRemoves() {
        let environment = EngineEnvironment(base: ["KEEP": "1", "DROP": "2"])
        environment.apply(["NEW": "a=b=c", "DROP": ""])
        let snapshot = environment.snapshot
        #expect(snapshot["NEW"] == "a=b=c")
        #expect(snapshot["DROP"] == nil)
        #expect(snapshot["KEEP"] == "1")
    }
}
