import DiscoveryModel
import Testing

@Suite struct DependencyManifestTests {
    @Test func briefExampleWithTrailingCommaParses() throws {
        let manifest = try Fixture.manifest("briefExampleWithTrailingCommaParses.json")
        #expect(manifest.declaredServices == ["service1", "service2"])
        #expect(manifest.dependencies(of: "service1") == ["service2", "service3"])
        #expect(manifest.dependencies(of: "service2") == ["service4"])
        #expect(manifest.dependencies(of: "service4") == nil)
    }

    @Test func commentsAndTrailingCommasAreAccepted() throws {
        let manifest = try Fixture.manifest("commentsAndTrailingCommasAreAccepted.json")
        #expect(manifest.declaredServices == ["web", "api", "auth", "db"])
        #expect(manifest.dependencies(of: "web") == ["api", "auth"])
        #expect(manifest.dependencies(of: "api") == ["db"])
    }

    @Test func keysAndEntriesKnowTheirLineAndColumn() throws {
        let manifest = try Fixture.manifest("briefExampleWithTrailingCommaParses.json")
        let second = manifest.declarations[1]
        #expect(manifest.location(ofOffset: second.offset) == SourceLocation(file: "briefExampleWithTrailingCommaParses.json", line: 3, column: 3))
        #expect(manifest.location(ofOffset: second.dependencies[0].offset).line == 3)
        #expect(manifest.location(ofOffset: second.dependencies[0].offset).column == 16)
    }

    @Test func numberInsteadOfArrayNamesKeyLineAndColumn() {
        let error = Fixture.manifestError("numberInsteadOfArrayNamesKeyLineAndColumn.json")
        #expect(error?.code == .shape)
        #expect(
            error?.description
                == "numberInsteadOfArrayNamesKeyLineAndColumn.json:4:15: \"service3\": expected an array of service names, found a number")
    }

    @Test func nonStringEntryNamesItsPosition() {
        let error = Fixture.manifestError("nonStringEntryNamesItsPosition.json")
        #expect(
            error?.description
                == "nonStringEntryNamesItsPosition.json:2:28: \"service1\": entry 2 must be a service name (a string), found null")
    }

    @Test func topLevelArrayIsRejected() {
        let error = Fixture.manifestError("topLevelArrayIsRejected.json")
        #expect(error?.code == .shape)
        #expect(error?.location?.line == 1)
        #expect(error?.location?.column == 1)
        #expect(error?.message.hasSuffix("found an array") == true)
    }

    @Test func missingCommaIsASyntaxErrorAtTheNextKey() {
        let error = Fixture.manifestError("missingCommaIsASyntaxErrorAtTheNextKey.json")
        #expect(error?.code == .syntax)
        #expect(error?.location == SourceLocation(file: "missingCommaIsASyntaxErrorAtTheNextKey.json", line: 3, column: 3))
        #expect(error?.message == "expected ',' or ']' in an array, found '\"'")
    }

    @Test func missingFileIsUnreadableAndNamesThePath() {
        let error = Fixture.manifestError("no-such-file.json")
        #expect(error?.code == .unreadable)
        #expect(error?.location == nil)
        #expect(error?.description == "no-such-file.json: cannot read the file: no such file")
    }

    @Test func emptyFileIsASyntaxError() {
        #expect(throws: DependencyFileError.self) { try DependencyManifest(text: "  \n") }
    }

    @Test func duplicateKeysAreMergedForTheAgent() throws {
        let manifest = try DependencyManifest(text: #"{"a": ["b", "c"], "a": ["c", "d"]}"#)
        #expect(manifest.dependencies(of: "a") == ["b", "c", "d"])
        #expect(manifest.declaredServices == ["a"])
        #expect(manifest.declarations.count == 2)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = #expect(throws: DependencyFileError.self) {
            try DependencyManifest(text: "{\"caf\u{e9}\": 1}")
        }
        #expect(error?.location?.column == 10)
    }
}

@Suite struct RequiredDependenciesTests {
    @Test func missingServiceNamesTheServicesTheFileDeclares() throws {
        let manifest = try Fixture.manifest("briefExampleWithTrailingCommaParses.json")
        let error = #expect(throws: DependencyFileError.self) { try manifest.requiredDependencies(of: "main") }
        #expect(error?.code == .missingService)
        #expect(error?.description
            == #"briefExampleWithTrailingCommaParses.json: "main": not declared in the file (SERVICE_NAME); it declares "service1", "service2""#)
        #expect(try manifest.requiredDependencies(of: "service1") == ["service2", "service3"])
    }
}
