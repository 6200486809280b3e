import SettingValues
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("5s", 5000), ("500ms", 500), ("1m30s", 90_000), ("2h", 7_200_000), ("5", 5000), ("0.25", 250),
        ("1.5s", 1500), ("0", 0), ("1.5h", 5_400_000), (" 10s ", 10_000), ("-5s", -5000),
    ])
    func parsesDurationsAsPeopleAndConsulWriteThem(text: String, milliseconds: Int64) throws {
        #expect(try DurationText.parse(text) == .milliseconds(milliseconds))
    }

    @Test func readsGoSubMillisecondUnits() throws {
        #expect(try DurationText.parse("250us") == .microseconds(250))
        #expect(try DurationText.parse("10ns") == .nanoseconds(10))
        #expect(try DurationText.parse("1ms500us") == .microseconds(1500))
    }

    @Test(arguments: ["", "abc", "5x", "s", "1.2.3s", "inf", "nan", "-", "5 s"])
    func rejectsWhatIsNotADuration(text: String) {
        #expect(throws: DurationText.Problem.malformed) { try DurationText.parse(text) }
    }

    /// `999999999999h` trapped (SIGILL) converting to a 64-bit count; it must be an error instead.
    @Test(arguments: ["999999999999h", "9999999999999999999999s", "2562048h", "1e400"])
    func rejectsDurationsBeyondGosRangeInsteadOfTrapping(text: String) {
        #expect(throws: (any Error).self) { try DurationText.parse(text) }
    }

    @Test func goFormRequiresAUnitExceptForZero() throws {
        #expect(throws: DurationText.Problem.malformed) { try DurationText.parse("10", bareSeconds: false) }
        #expect(try DurationText.parse("0", bareSeconds: false) == .zero)
        #expect(try DurationText.parse("10s", bareSeconds: false) == .seconds(10))
    }

    @Test func acceptsGosLongestDuration() throws {
        #expect(try DurationText.parse("2562047h") == .seconds(2_562_047 * 3600))
    }

    @Test func formatsTheShortestExactForm() {
        #expect(DurationText.format(.seconds(5)) == "5s")
        #expect(DurationText.format(.milliseconds(250)) == "250ms")
        #expect(DurationText.format(.seconds(90)) == "1m30s")
        #expect(DurationText.format(.seconds(7200)) == "2h")
        #expect(DurationText.format(.zero) == "0s")
    }
}
