/// The one parser of on/off settings in pilot (`PILOT_SERVICES_FILE_IN_PLACE`, `CONSUL_HTTP_SSL`,
/// `CONSUL_HTTP_SSL_VERIFY`, `SERVICE_SIGNAL_CHANGED`, ...).
///
/// It accepts, in any letter case, Go's `strconv.ParseBool` spellings that Consul's own tools read (`1`, `t`,
/// `true`, `0`, `f`, `false`) and the words shell users write (`yes`, `no`, `on`, `off`).
public enum BooleanText {
    /// The words that mean on.
    public static let trueWords: Set<String> = ["1", "t", "true", "yes", "y", "on"]
    /// The words that mean off.
    public static let falseWords: Set<String> = ["0", "f", "false", "no", "n", "off"]

    /// `true` or `false`; `nil` for any other text.
    public static func parse(_ text: String) -> Bool? {
        let word = text.trimmingWhitespace().lowercased()
        if trueWords.contains(word) { return true }
        if falseWords.contains(word) { return false }
        return nil
    }

    /// For a switch that any value turns on (`SERVICE_SIGNAL_CHANGED=1`, `=yes`, `=SIGHUP`): `false` only for
    /// an off word (nobody writes `=false` meaning on), `true` for anything else.
    public static func isOn(anyValue text: String) -> Bool {
        parse(text) ?? true
    }

    /// The phrase for errors.
    public static let expected = "true or false"
}
