import JSONValues

extension ControlServer {
    /// `POST /v3/metric`: `{"name": value, ...}` recorded into ``configuredMetrics``, every value or none.
    ///
    /// ContainerPilot answers 200 and drops an unknown name or a non-number in its log; its documentation promises
    /// a 400 for a metric it does not configure, and pilot keeps that promise, for bad values too, so a job's
    /// `-putmetric` fails where its numbers would otherwise vanish.
    func recordMetrics(_ body: [UInt8]) -> HTTPReply {
        guard let values = try? JSONNodeDecoder().decode([String: MetricValue].self, from: body), !values.isEmpty
        else {
            return .error("expected a JSON object of metric names and values", status: 400)
        }
        guard let configuredMetrics else {
            // The environment contract defines no collector: every name is refused by name.
            let names = values.keys.sorted().joined(separator: ", ")
            return .error("no such metric: \(names) (no telemetry metrics are configured)", status: 400)
        }
        var numbers: [String: Double] = [:]
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let number = value.number else {
                return .error("metric \(name): \(value.text) is not a number; nothing was recorded", status: 400)
            }
            numbers[name] = number
        }
        do {
            try configuredMetrics.record(numbers)
        } catch {
            return .error(error.description, status: 400)
        }
        return .json(["recorded": numbers.keys.sorted()])
    }
}

/// A metric's value in a `/v3/metric` body: a number, or a string as `-putmetric` sends it, read as ContainerPilot
/// reads it (a float once spaces are trimmed). `true` and `null` are kept, to be refused by the metric's name.
private struct MetricValue: Decodable {
    /// The value, when it is a number.
    var number: Double?
    /// The value as the request wrote it, for an error message.
    var text: String

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let number = try? value.decode(Double.self) {
            (self.number, text) = (number, PrometheusText.number(number))
        } else if let string = try? value.decode(String.self) {
            let trimmed = string.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            (number, text) = (Double(String(trimmed)), "\"\(string)\"")
        } else if let flag = try? value.decode(Bool.self) {
            (number, text) = (nil, "\(flag)")
        } else if value.decodeNil() {
            (number, text) = (nil, "null")
        } else {
            throw DecodingError.dataCorruptedError(in: value, debugDescription: "a metric's value is a number")
        }
    }
}
