import DiscoveryModel
import Foundation
import Synchronization
import Testing

@testable import PilotAgent

@Suite(.serialized) struct ServicesFileWriterTests {
    static func documents() -> [[UInt8]] {
        // Two documents of different lengths, so a torn read would show as invalid JSON or wrong content.
        let small = ServicesDocument(["db": [ServiceInstance(host: "192.0.2.1", port: 5432)]])
        let large = ServicesDocument(["db": (1...200).map { ServiceInstance(host: "10.0.\($0 / 250).\($0 % 250)", port: 5432) }])
        return [Array(small.encoded().utf8), Array(large.encoded().utf8)]
    }

    @Test(arguments: [false, true])
    func aReaderInATightLoopNeverSeesAPartialDocument(inPlace: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "writer-\(UUID().uuidString)")
        let path = directory.appending(path: "etc/services.json").path(percentEncoded: false)
        let writer = ServicesFileWriter(path: path, inPlace: inPlace)
        let documents = Self.documents()
        try writer.write(documents[0])
        let done = Atomic(false)
        let reads = Atomic(0)
        let bad = Mutex<[String]>([])
        let reader = Thread {
            while !done.load(ordering: .acquiring) {
                // In place, readers take a shared lock, as the generated readers do.
                let descriptor = open(path, O_RDONLY)
                guard descriptor >= 0 else { continue }
                if inPlace { flock(descriptor, LOCK_SH) }
                let data = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readDataToEndOfFile()
                if !documents.contains(Array(data)) {
                    bad.withLock { $0.append(String(decoding: data, as: UTF8.self)) }
                }
                reads.add(1, ordering: .relaxed)
            }
        }
        reader.start()
        for round in 0..<1000 { try writer.write(documents[round % 2]) }
        done.store(true, ordering: .releasing)
        while !reader.isFinished { usleep(1000) }
        #expect(bad.withLock { $0.isEmpty }, "torn reads: \(bad.withLock { $0.prefix(2) })")
        #expect(reads.load(ordering: .relaxed) > 100)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
    }

    @Test func inPlaceKeepsTheInodeSoABindMountSeesEveryWrite() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "inplace-\(UUID().uuidString).json").path(percentEncoded: false)
        let writer = ServicesFileWriter(path: path, inPlace: true)
        try writer.write(Array("{}\n".utf8))
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        try writer.write(Self.documents()[1])
        let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(before == after)
        #expect(writer.currentBytes() == Self.documents()[1])
    }

    @Test func byRenameReplacesTheInodeAndLeavesNoTemporaryFile() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "rename-\(UUID().uuidString)")
        let path = directory.appending(path: "services.json").path(percentEncoded: false)
        let writer = ServicesFileWriter(path: path, inPlace: false)
        try writer.write(Array("{}\n".utf8))
        try writer.write(Self.documents()[0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false)) == ["services.json"])
    }

    @Test func unwritableDirectoryNamesTheFileAndTheStep() {
        let writer = ServicesFileWriter(path: "/proc/pilot-test/services.json", inPlace: false)
        let error = #expect(throws: ServicesFileWriter.WriteError.self) { try writer.write([]) }
        #expect(error?.description.hasPrefix("cannot write /proc/pilot-test/services.json: creating /proc/pilot-test failed") == true)
    }
}
