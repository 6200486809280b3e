import Foundation
@testable import PilotAgent
import Testing

/// The status read model: events in, one consistent view out.
@Suite struct StatusReadModelTests {
    @Test func theLastConsulErrorClearsWhenConsulAnswersAgain() {
        var model = StatusReadModel()
        model.apply(.consul(reachable: false, error: "cannot register: connection refused"))
        #expect(!model.reachable)
        #expect(model.lastError == "cannot register: connection refused")
        model.apply(.consul(reachable: true, error: nil))
        #expect(model.reachable)
        #expect(model.lastError == nil)
    }

    @Test func dependenciesKeepTheirOrderAndForgetRemovedOnes() {
        var model = StatusReadModel()
        model.apply(.dependencies(["db", "cache"]))
        model.apply(.instances(dependency: "db", ["192.0.2.1:5432"], at: .now))
        model.apply(.instances(dependency: "gone", ["192.0.2.9:1"], at: .now))
        #expect(model.orderedDependencies.map(\.name) == ["db", "cache"])
        #expect(model.orderedDependencies.first?.instances == ["192.0.2.1:5432"])
        model.apply(.dependencies(["cache"]))
        #expect(model.orderedDependencies.map(\.name) == ["cache"])
    }

    @Test func theRegistrationFollowsConsulsAnswers() {
        var model = StatusReadModel()
        model.apply(.registered(true))
        #expect(model.registration == nil, "nothing is shown before the registration is planned")
        model.apply(.registrationPlanned(name: "api", id: "api-1", address: "192.0.2.5", port: 80))
        model.apply(.registered(true))
        model.apply(.maintenance(true))
        model.apply(.checkReported(status: "passing", output: "ok", at: Timestamp(secondsSince1970: 0)))
        #expect(model.registration?.registered == true)
        #expect(model.registration?.maintenance == true)
        #expect(model.registration?.check == "passing")
    }
}
