/// A `serviceDependencies.json` as written: each service declared as a key, with the services it
/// depends on, in file order and with the place of every name.
///
/// Duplicates are kept as written (lint reports them); ``DependencyGraph`` merges them.
public struct DependencyManifest: Sendable {
    /// The file name the agent and lint look for in the working directory.
    public static let defaultFileName = "serviceDependencies.json"

    /// The text the manifest was read from, which turns offsets into lines and columns.
    public let source: SourceText
    /// Every key of the file, in file order, duplicates included.
    public let declarations: [ServiceDeclaration]

    /// Reads and parses a file.
    ///
    /// - Parameter displayPath: the name to use in messages; defaults to `path`.
    /// - Throws: ``DependencyFileError`` when the file cannot be read or is not a valid manifest.
    public init(contentsOfFile path: String, displayPath: String? = nil) throws(DependencyFileError) {
        try self.init(source: SourceText(contentsOfFile: path, displayPath: displayPath, kind: "dependency file"))
    }

    /// Parses text that has already been read.
    ///
    /// - Throws: ``DependencyFileError`` with code `.syntax` or `.shape`.
    public init(source: SourceText) throws(DependencyFileError) {
        self.source = source
        let root = try source.parseJSON5()
        guard case .object(let members) = root.value else {
            throw DependencyFileError(
                code: .shape, file: source.path, location: source.location(ofOffset: root.offset),
                message: "expected an object mapping each service name to an array of the services it depends on, "
                    + "found \(root.value.kindDescription)")
        }
        var declarations: [ServiceDeclaration] = []
        declarations.reserveCapacity(members.count)
        for member in members {
            guard case .array(let elements) = member.value.value else {
                throw DependencyFileError(
                    code: .shape, file: source.path, location: source.location(ofOffset: member.value.offset),
                    key: member.key,
                    message: "expected an array of service names, found \(member.value.value.kindDescription)")
            }
            var references: [ServiceReference] = []
            references.reserveCapacity(elements.count)
            for (position, element) in elements.enumerated() {
                guard case .string(let name) = element.value else {
                    throw DependencyFileError(
                        code: .shape, file: source.path, location: source.location(ofOffset: element.offset),
                        key: member.key,
                        message: "entry \(position + 1) must be a service name (a string), "
                            + "found \(element.value.kindDescription)")
                }
                references.append(ServiceReference(name: name, offset: element.offset))
            }
            declarations.append(ServiceDeclaration(name: member.key, offset: member.keyOffset, dependencies: references))
        }
        self.declarations = declarations
    }

    /// Parses a manifest held in a string, for tests and tools.
    ///
    /// - Throws: ``DependencyFileError`` with code `.syntax` or `.shape`.
    public init(path: String = DependencyManifest.defaultFileName, text: String) throws(DependencyFileError) {
        try self.init(source: SourceText(path: path, text: text))
    }

    /// The services `service` depends on, merged over duplicate keys and without duplicate entries,
    /// in file order; `nil` when the file does not declare `service`.
    public func dependencies(of service: String) -> [String]? {
        var found = false
        var seen: Set<String> = []
        var result: [String] = []
        for declaration in declarations where declaration.name == service {
            found = true
            for reference in declaration.dependencies where seen.insert(reference.name).inserted {
                result.append(reference.name)
            }
        }
        return found ? result : nil
    }

    /// The services `service` depends on, or an error naming the services the file does declare.
    ///
    /// - Throws: ``DependencyFileError`` with code `.missingService`.
    public func requiredDependencies(of service: String) throws(DependencyFileError) -> [String] {
        guard let dependencies = dependencies(of: service) else {
            let declared = declaredServices
            let listed = declared.prefix(20).map(JSONText.quoted).joined(separator: ", ")
                + (declared.count > 20 ? " and \(declared.count - 20) more" : "")
            throw DependencyFileError(
                code: .missingService, file: source.path, location: nil, key: service,
                message: "not declared in the file (SERVICE_NAME); it declares \(declared.isEmpty ? "nothing" : listed)")
        }
        return dependencies
    }

    /// The declared service names, in file order, without duplicates.
    public var declaredServices: [String] {
        var seen: Set<String> = []
        return declarations.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The line and column of a byte offset in this manifest's file.
    public func location(ofOffset offset: Int) -> SourceLocation {
        source.location(ofOffset: offset)
    }
}

/// One key of the manifest: a service and the services it depends on.
public struct ServiceDeclaration: Sendable {
    /// The service's name, as written.
    public var name: String
    /// The byte offset of the key.
    public var offset: Int
    /// The services it depends on, in file order, duplicates included.
    public var dependencies: [ServiceReference]

    /// Creates a declaration.
    public init(name: String, offset: Int, dependencies: [ServiceReference]) {
        self.name = name
        self.offset = offset
        self.dependencies = dependencies
    }
}

/// One entry of a dependency list: a service name and where it stands.
public struct ServiceReference: Sendable {
    /// The name, as written.
    public var name: String
    /// The byte offset of the entry.
    public var offset: Int

    /// Creates a reference.
    public init(name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }
}
