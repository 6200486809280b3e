import SettingValues
import Testing

@Suite struct BooleanTextTests {
    @Test(arguments: ["1", "t", "T", "true", "TRUE", "True", "yes", "on", " true "])
    func readsEveryOnSpelling(text: String) {
        #expect(BooleanText.parse(text) == true)
    }

    @Test(arguments: ["0", "f", "F", "false", "FALSE", "False", "no", "off", "Off"])
    func readsEveryOffSpelling(text: String) {
        #expect(BooleanText.parse(text) == false)
    }

    @Test(arguments: ["", "maybe", "2", "enabled"])
    func rejectsOtherText(text: String) {
        #expect(BooleanText.parse(text) == nil)
    }

    @Test func anyValueSwitchIsOffOnlyForAnOffWord() {
        #expect(BooleanText.isOn(anyValue: "SIGHUP"))
        #expect(BooleanText.isOn(anyValue: "1"))
        #expect(!BooleanText.isOn(anyValue: "no"))
        #expect(!BooleanText.isOn(anyValue: "FALSE"))
    }
}
