import ConsulAPI
import Testing

@Suite("Consul errors")
struct ConsulErrorTests {
    let address = ConsulAddress(host: "127.0.0.1", port: 8500)

    @Test func permissionErrorSaysWhetherATokenWasSent() {
        var error = ConsulError(
            code: .permissionDenied,
            endpoint: "PUT /v1/agent/service/register",
            addressesTried: [self.address],
            httpStatus: 403,
            consulMessage: "Permission denied: Missing service:write on web",
            tokenWasSent: true
        )
        #expect(
            error.description
                == "Consul denied the call: the ACL token lacks a permission it needs; "
                + "call: PUT /v1/agent/service/register; "
                + "address tried: http://127.0.0.1:8500; HTTP status: 403; "
                + "Consul said: Permission denied: Missing service:write on web"
        )
        error.tokenWasSent = false
        #expect(error.description.hasPrefix("Consul denied the call: no ACL token was sent (set CONSUL_HTTP_TOKEN"))
    }

    @Test func connectionErrorListsTheAddressesTriedInOrder() {
        let second = ConsulAddress(scheme: .https, host: "10.0.0.2", port: 8501)
        let error = ConsulError(
            code: .connectionFailed,
            endpoint: "GET /v1/status/leader",
            addressesTried: [self.address, second],
            detail: "connection refused or unreachable"
        )
        #expect(error.address == second)
        #expect(error.description.contains("addresses tried: http://127.0.0.1:8500, https://10.0.0.2:8501"))
        #expect(error.description.hasPrefix("could not connect to Consul"))
    }

    @Test func codesCompareAndDescribeThemselves() {
        #expect(ConsulError.Code.timedOut == .timedOut)
        #expect(ConsulError.Code.timedOut != .tlsFailure)
        #expect("\(ConsulError.Code.permissionDenied)" == "permissionDenied")
    }
}
