@testable import DiscoveryModel
import Testing

@Suite struct SourceTextTests {
    /// The old lookup, kept as the definition of a column: scalars from the line's start to the offset.
    static func rescanLocation(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < clamped {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if bytes[index] == UInt8(ascii: "\r") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    // An offset at the "\n" of a "\r\n" is still on the line the pair ends.
                    if index + 1 == clamped { break }
                    index += 1
                }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        let column = 1 + bytes[lineStart..<clamped].count { $0 & 0b1100_0000 != 0b1000_0000 }
        return (line, column)
    }

    @Test func everyOffsetGetsTheLineAndColumnARescanOfItsLineGives() {
        // Lines longer and shorter than a checkpoint stride, every line ending, and characters of one to
        // four bytes, some of them straddling a stride boundary.
        var text = ""
        for number in 0..<60 {
            text += String(repeating: "é", count: number % 7) + String(repeating: "x", count: number * 5)
            text += ["\n", "\r\n", "\r", "\u{1F600}", "\t", "日本"][number % 6]
        }
        let bytes = Array(text.utf8)
        let source = SourceText(path: "f", bytes: bytes)
        for offset in -2...(bytes.count + 2) {
            let found = source.location(ofOffset: offset)
            let expected = Self.rescanLocation(bytes, offset)
            #expect(found.line == expected.line && found.column == expected.column, "offset \(offset)")
        }
    }

    @Test func emptyTextAndTextOfExactlyOneStrideHaveLocationsAtBothEnds() {
        #expect(SourceText(path: "f", text: "").location(ofOffset: 0) == SourceLocation(file: "f", line: 1, column: 1))
        let stride = SourceText.checkpointStride
        let full = SourceText(path: "f", text: String(repeating: "a", count: stride))
        #expect(full.location(ofOffset: stride) == SourceLocation(file: "f", line: 1, column: stride + 1))
        #expect(full.location(ofOffset: stride - 1) == SourceLocation(file: "f", line: 1, column: stride))
    }

    /// Issue 11, defect 12: a lookup used to rescan its line, so n findings on one line cost n² bytes read.
    @Test func aLookupReadsAtMostTwoStridesWhateverTheLengthOfTheLine() {
        let line = Array(String(repeating: #""a":[],"#, count: 150_000).utf8)
        let source = SourceText(path: "f", bytes: line)
        var scanned = 0
        var lookups = 0
        for offset in Swift.stride(from: 0, through: line.count, by: 97) {
            _ = source.location(ofOffset: offset, bytesScanned: &scanned)
            lookups += 1
        }
        #expect(scanned <= lookups * 2 * SourceText.checkpointStride)
        // The last column is right although no lookup read more than two strides.
        #expect(source.location(ofOffset: line.count).column == line.count + 1)
    }
}
