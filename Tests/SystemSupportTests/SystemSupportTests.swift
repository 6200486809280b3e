import Glibc
import SystemSupport
import Testing

/// The system-call helpers: whole files, errno on failure, links refused on request, and the environment.
@Suite struct SystemSupportTests {
    static func temporaryFile(_ bytes: [UInt8]) -> String {
        var template = Array("/tmp/pilot-system-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func readsAFileLargerThanOneBufferWhole() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = Self.temporaryFile(bytes)
        defer { unlink(path) }
        #expect(try FileBytes.read(path: path).get() == bytes)
    }

    @Test func reportsTheErrnoOfAMissingFileAndOfADirectory() {
        #expect(FileBytes.read(path: "/nonexistent/pilot") == .failure(SystemError(code: ENOENT)))
        #expect(FileBytes.read(path: "/tmp") == .failure(SystemError(code: EISDIR)))
        #expect(SystemError(code: ENOENT).description == "No such file or directory")
    }

    @Test func refusesAFIFOAndADeviceInsteadOfBlockingOrReadingForever() {
        let fifo = "/tmp/pilot-system-fifo-\(getpid())"
        mkfifo(fifo, 0o600)
        defer { unlink(fifo) }
        #expect(FileBytes.read(path: fifo) == .failure(.notARegularFile))
        #expect(FileBytes.read(path: "/dev/zero") == .failure(.notARegularFile))
        #expect(SystemError.notARegularFile.description == "not a regular file")
    }

    @Test func refusesALinkWhenAskedTo() throws {
        let path = Self.temporaryFile(Array("secret".utf8))
        let link = path + ".link"
        defer { unlink(path); unlink(link) }
        symlink(path, link)
        #expect(try FileBytes.read(path: link).get() == Array("secret".utf8))
        #expect(FileBytes.read(path: link, flags: O_NOFOLLOW) == .failure(SystemError(code: ELOOP)))
    }

    @Test func environmentKeepsAValueWithEqualsWhole() {
        setenv("PILOT_SYSTEM_TEST", "a=b=c", 1)
        defer { unsetenv("PILOT_SYSTEM_TEST") }
        #expect(EnvironmentVariables.current()["PILOT_SYSTEM_TEST"] == "a=b=c")
    }
}
