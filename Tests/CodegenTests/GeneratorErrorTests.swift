import Foundation
import Testing
import TestSupport

/// Bad input: pilot-codegen writes nothing, says what and where, and exits 2 (1 when only writing failed).
@Suite struct GeneratorErrorTests {
    /// Runs pilot-codegen into a folder that must still not exist afterwards.
    private func runExpectingNoOutput(_ arguments: [String]) throws -> ToolProcess.Result {
        let parent = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = parent.appending(path: "out")
        let result = try ToolProcess.codegen(arguments + ["--out", output.path(percentEncoded: false)])
        #expect(!FileManager.default.fileExists(atPath: output.path(percentEncoded: false)), "wrote output: \(result)")
        #expect(result.standardOutput.isEmpty)
        return result
    }

    @Test func javaAccessorCollisionExitsTwoNamingBothEntries() throws {
        let file = Paths.fixture("javaAccessorCollisionExitsTwoNamingBothEntries.json")
        let result = try runExpectingNoOutput(["--lang", "java", "--deps", file, "--service", "web"])
        #expect(result.status == 2)
        #expect(result.standardError == """
            \(file):2:23: error: "userApi" and "user-api" (\(file):2:11) would both become the Java method userApi(); \
            rename one of them

            """)
    }

    @Test func sameNamesAreDistinctInGoButCollideThereOnInitialisms() throws {
        let javaCollision = Paths.fixture("javaAccessorCollisionExitsTwoNamingBothEntries.json")
        let output = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let distinct = try ToolProcess.codegen([
            "--lang", "go", "--deps", javaCollision, "--service", "web", "--out", output.path(percentEncoded: false),
        ])
        #expect(distinct.status == 0, "user-api and userApi are UserAPI and UserApi in Go: \(distinct)")

        let file = Paths.fixture("goAccessorCollisionExitsTwoNamingBothEntries.json")
        let result = try runExpectingNoOutput(["--lang", "go", "--deps", file, "--service", "web"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix(
            "\(file):2:23: error: \"user-API\" and \"user-api\" (\(file):2:11) would both become "
                + "the Go method UserAPI()"))
    }

    @Test func phpAccessorCollisionIgnoresCase() throws {
        let file = Paths.fixture("phpAccessorCollisionIgnoresCase.json")
        let result = try runExpectingNoOutput(["--lang", "php", "--deps", file, "--service", "web"])
        #expect(result.status == 2)
        #expect(result.standardError.contains(
            "error: \"userApi\" and \"userapi\" (\(file):2:11) would both become the PHP method userApi() "
                + "(PHP method names ignore case)"))
    }

    @Test func unknownServiceExitsTwoListingTheDeclaredOnes() throws {
        let result = try runExpectingNoOutput([
            "--lang", "go", "--deps", Paths.exampleDependencies, "--service", "service9",
        ])
        #expect(result.status == 2)
        #expect(result.standardError == """
            \(Paths.exampleDependencies): error: --service "service9" is not declared in the file; it declares \
            "service1", "service2"

            """)
    }

    @Test func malformedDependencyFileExitsTwoWithLineAndColumn() throws {
        let file = Paths.fixture("malformedDependencyFileExitsTwoWithLineAndColumn.json")
        let result = try runExpectingNoOutput(["--lang", "php", "--deps", file, "--service", "web"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("\(file):3:8: error: "), "\(result)")
    }

    @Test func missingDependencyFileExitsTwoNamingIt() throws {
        let result = try runExpectingNoOutput([
            "--lang", "go", "--deps", "/nonexistent/serviceDependencies.json", "--service", "web",
        ])
        #expect(result.status == 2)
        #expect(result.standardError == """
            /nonexistent/serviceDependencies.json: error: cannot read the file: no such file

            """)
    }

    @Test func invalidDependencyNameExitsTwoAtItsPlace() throws {
        let file = Paths.fixture("invalidDependencyNameExitsTwo.json")
        let result = try runExpectingNoOutput(["--lang", "java", "--deps", file, "--service", "web"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix(
            "\(file):2:11: error: invalid service name \"user_api\": '_' is not allowed"))
    }

    @Test(arguments: [
        (["--lang", "cobol"], "The value 'cobol' is invalid for '--lang <language>'"),
        (["--lang", "go", "--deps", Paths.exampleDependencies], "--deps needs --service"),
        (["--lang", "go", "--service", "service1"], "--service needs --deps"),
        (["--lang", "go", "--package", "Services"], "--package \"Services\": a Go package name is one lower-case word"),
        (["--lang", "java", "--package", "com.example.new"], "--package \"com.example.new\": new is a Java keyword"),
        (["--lang", "php", "--package", "App\\\\Services"], "--package \"App\\\\\\\\Services\": a PHP namespace is"),
        (["--deps", Paths.exampleDependencies], "Missing expected argument '--lang <language>'"),
    ])
    func usageErrorsExitTwoWithTheReason(arguments: [String], reason: String) throws {
        let result = try runExpectingNoOutput(arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains(reason), "\(result)")
        #expect(result.standardError.contains("Usage: pilot-codegen --lang <language>"))
    }

    @Test func unwritableOutputExitsOne() throws {
        let parent = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let blocker = parent.appending(path: "a-file")
        try "".write(to: blocker, atomically: true, encoding: .utf8)
        let output = blocker.appending(path: "out").path(percentEncoded: false)
        let result = try ToolProcess.codegen(["--lang", "go", "--out", output])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("\(output)/snapshot.go: error: cannot write the file: "), "\(result)")
    }
}
