import ContainerPilotConfig
import Testing

@testable import PilotAgent

@Suite struct EngineEventTests {
    @Test func aJobsEventIsItsCodeFromTheJobAsSource() {
        #expect(EngineEvent.job("setup", .exitSuccess) == .event(.exitSuccess, from: .job("setup")))
        #expect(EngineEvent.startup == .event(.startup, from: .global))
    }

    @Test func eventsReadAsContainerPilotWritesTheirSource() {
        #expect(EngineEvent.job("setup", .exitSuccess).description == "exitSuccess from setup")
        #expect(EngineEvent.signal(.hangup).description == "SIGHUP")
        #expect(EngineEvent.event(.changed, from: .watch("db")).description == "changed from watch.db")
    }
}
