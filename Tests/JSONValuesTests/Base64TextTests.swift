import Foundation
import JSONValues
import Testing

/// Base64 against Foundation's `Data(base64Encoded:)` and `base64EncodedString()`.
@Suite struct Base64TextTests {
    @Test func encodesAsFoundationDoesForEveryLengthAndByte() {
        var bytes: [UInt8] = []
        for length in 0..<70 {
            #expect(Base64Text.encode(bytes) == Data(bytes).base64EncodedString(), "\(length)")
            #expect(Base64Text.decode(Base64Text.encode(bytes)) == bytes, "\(length)")
            bytes.append(UInt8(truncatingIfNeeded: length * 37 + 255))
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64Text.encode(all) == Data(all).base64EncodedString())
        #expect(Base64Text.decode(Base64Text.encode(all)) == all)
    }

    @Test(arguments: [
        "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "aGVsbG8gd29ybGQ=", "Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==",
        "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v!", "Zm-v", "Zm_v", "=Zm9",
    ])
    func acceptsAndRejectsWhatFoundationDoes(_ text: String) {
        #expect(Base64Text.decode(text) == Data(base64Encoded: text).map(Array.init), "\(text)")
    }

    /// Foundation decodes these to something (`====` to one zero byte); no encoder writes them, so they are
    /// refused rather than guessed at.
    @Test(arguments: ["====", "Zg=a", "Zm=v"])
    func refusesPaddingThatDoesNotEndTheText(_ text: String) {
        #expect(Base64Text.decode(text) == nil, "\(text)")
    }
}
