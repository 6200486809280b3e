/// The bytes of a file together with its name, able to turn a byte offset into a line and column.
///
/// Scanners record only byte offsets, which is cheap. One pass over the bytes, when the text is made,
/// records where each line starts and, every ``checkpointStride`` bytes, how many Unicode scalars came
/// before; a location is then found by a binary search and a scan of at most two strides, whatever the
/// length of its line. (Rescanning the line for each location made lint quadratic on one-line files.)
public final class SourceText: Sendable {
    /// The file's path as the user named it.
    public let path: String
    /// The file's UTF-8 bytes.
    public let bytes: [UInt8]
    /// The byte offset at which each line starts; the first is 0.
    private let lineStarts: [Int]
    /// Element `k` is the number of scalars that start in `bytes[0 ..< k * checkpointStride]`.
    private let scalarsBeforeCheckpoint: [Int]

    /// How many bytes apart the scalar counts are recorded: the most a location scans is twice this.
    static let checkpointStride = 64

    /// Creates a source from bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / Self.checkpointStride + 1)
        var scalars = 0
        var index = 0
        let count = bytes.count
        while index < count {
            if index % Self.checkpointStride == 0 { checkpoints.append(scalars) }
            let byte = bytes[index]
            // Every byte that is not a UTF-8 continuation byte starts a scalar.
            if byte & 0b1100_0000 != 0b1000_0000 { scalars += 1 }
            // A line ends at "\n", at "\r\n" (after the "\n"), and at a "\r" alone.
            if byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && (index + 1 == count || bytes[index + 1] != UInt8(ascii: "\n")))
            {
                starts.append(index + 1)
            }
            index += 1
        }
        // The end of the text may be asked for; it gets a checkpoint when it falls on a stride.
        if count % Self.checkpointStride == 0 { checkpoints.append(scalars) }
        self.lineStarts = starts
        self.scalarsBeforeCheckpoint = checkpoints
    }

    /// Creates a source from a string.
    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The line and column of a byte offset; an offset outside the text is taken as its nearer end.
    public func location(ofOffset offset: Int) -> SourceLocation {
        var scanned = 0
        return location(ofOffset: offset, bytesScanned: &scanned)
    }

    /// ``location(ofOffset:)``, adding to `bytesScanned` how many bytes it read, so that a test can prove
    /// the cost of a lookup does not grow with the length of the line.
    func location(ofOffset offset: Int, bytesScanned: inout Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        // Binary search for the last line start at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let column = scalars(before: clamped, bytesScanned: &bytesScanned)
            - scalars(before: lineStarts[low], bytesScanned: &bytesScanned) + 1
        return SourceLocation(file: path, line: low + 1, column: column)
    }

    /// How many scalars start before byte `offset` (at most `bytes.count`): the nearest checkpoint at or
    /// before it, plus a scan of less than one stride.
    private func scalars(before offset: Int, bytesScanned: inout Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = scalarsBeforeCheckpoint[checkpoint]
        var index = checkpoint * Self.checkpointStride
        bytesScanned += offset - index
        while index < offset {
            if bytes[index] & 0b1100_0000 != 0b1000_0000 { count += 1 }
            index += 1
        }
        return count
    }
}
