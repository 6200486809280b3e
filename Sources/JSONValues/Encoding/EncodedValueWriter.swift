/// Writes an ``EncodedValue`` tree as JSON text, laid out as Foundation's `JSONEncoder` lays it out.
struct EncodedValueWriter {
    private let pretty: Bool
    private let sortedKeys: Bool
    private let escapingSlashes: Bool
    private var indent = 0
    /// The text so far.
    private(set) var bytes: [UInt8] = []

    init(outputFormatting: JSONTextEncoder.OutputFormatting) {
        pretty = outputFormatting.contains(.prettyPrinted)
        sortedKeys = outputFormatting.contains(.sortedKeys)
        escapingSlashes = !outputFormatting.contains(.withoutEscapingSlashes)
    }

    mutating func write(_ value: EncodedValue) {
        switch value {
        case .literal(let text):
            bytes.append(contentsOf: text.utf8)
        case .string(let text):
            writeString(text)
        case .object(let object):
            writeObject(object)
        case .array(let array):
            writeArray(array)
        case .deferred(let encoder):
            write(encoder.finishedValue)
        }
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        JSONText.appendEscaped(text, to: &bytes, escapingSlashes: escapingSlashes)
        bytes.append(UInt8(ascii: "\""))
    }

    // Pretty or not, the brackets, newlines and indents fall exactly where Foundation puts them, empty
    // containers included ("[\n\n]" when pretty).
    private mutating func writeArray(_ array: EncodedArray) {
        bytes.append(UInt8(ascii: "["))
        if pretty {
            bytes.append(UInt8(ascii: "\n"))
            indent += 1
        }
        for (index, element) in array.elements.enumerated() {
            if index > 0 {
                bytes.append(UInt8(ascii: ","))
                if pretty { bytes.append(UInt8(ascii: "\n")) }
            }
            if pretty { writeIndent() }
            write(element)
        }
        if pretty {
            bytes.append(UInt8(ascii: "\n"))
            indent -= 1
            writeIndent()
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: EncodedObject) {
        bytes.append(UInt8(ascii: "{"))
        if pretty {
            bytes.append(UInt8(ascii: "\n"))
            indent += 1
            if !object.keys.isEmpty { writeIndent() }
        }
        let keys = sortedKeys ? object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : object.keys
        for (index, key) in keys.enumerated() {
            if index > 0 {
                bytes.append(UInt8(ascii: ","))
                if pretty {
                    bytes.append(UInt8(ascii: "\n"))
                    writeIndent()
                }
            }
            writeString(key)
            if pretty {
                bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
            } else {
                bytes.append(UInt8(ascii: ":"))
            }
            // Every key in `keys` has a value: they are recorded together.
            write(object.values[key]!)
        }
        if pretty {
            bytes.append(UInt8(ascii: "\n"))
            indent -= 1
            writeIndent()
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func writeIndent() {
        for _ in 0..<indent { bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
    }
}
