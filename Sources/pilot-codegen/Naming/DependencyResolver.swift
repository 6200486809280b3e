import DiscoveryModel

/// Turns `--deps FILE --service NAME` into the checked list of dependencies with their accessor names.
enum DependencyResolver {
    /// Reads the dependency file and names an accessor for each dependency of `service`.
    ///
    /// - Parameters:
    ///   - path: the file as given on the command line (messages name it so).
    ///   - service: the service whose dependencies get accessors.
    /// - Throws: ``CodegenError`` when the file cannot be read or parsed, the service is not declared, a
    ///   name is not a valid service name, or two dependencies would get the same accessor.
    static func resolve(path: String, service: String, language: TargetLanguage) throws(CodegenError)
        -> DependencySelection
    {
        let manifest: DependencyManifest
        do {
            manifest = try DependencyManifest(contentsOfFile: path)
        } catch {
            throw CodegenError(error)
        }
        if let problem = ServiceName.problem(with: service) {
            throw CodegenError(
                code: .invalidServiceName, message: "--service \(JSONText.quoted(service)): \(problem)")
        }
        guard let dependencies = manifest.dependencies(of: service) else {
            let declared = manifest.declaredServices
            let listed = declared.isEmpty ? "nothing" : declared.prefix(20).map(JSONText.quoted).joined(separator: ", ")
                + (declared.count > 20 ? " and \(declared.count - 20) more" : "")
            throw CodegenError(
                code: .unknownService, file: path,
                message: "--service \(JSONText.quoted(service)) is not declared in the file; it declares \(listed)")
        }
        let rules = AccessorNameRules(language: language)
        var entries: [DependencySelection.Entry] = []
        var claimed: [String: (service: String, location: SourceLocation)] = [:]
        for dependency in dependencies {
            let location = Self.location(of: dependency, under: service, in: manifest)
            if let problem = ServiceName.problem(with: dependency) {
                throw CodegenError(
                    code: .invalidServiceName, location: location,
                    message: "invalid service name \(JSONText.quoted(dependency)): \(problem)")
            }
            let accessor = rules.accessorName(for: dependency)
            let key = rules.comparisonKey(accessor)
            if let earlier = claimed[key] {
                let caseNote = language == .php && rules.accessorName(for: earlier.service) != accessor
                    ? " (PHP method names ignore case)" : ""
                throw CodegenError(
                    code: .nameCollision, location: location,
                    message: "\(JSONText.quoted(dependency)) and \(JSONText.quoted(earlier.service)) "
                        + "(\(earlier.location)) would both become \(rules.describe(accessor))\(caseNote); "
                        + "rename one of them")
            }
            claimed[key] = (dependency, location)
            entries.append(.init(service: dependency, accessor: accessor))
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        return DependencySelection(fileName: fileName, service: service, entries: entries)
    }

    /// Where `dependency` is first listed under `service`.
    private static func location(of dependency: String, under service: String, in manifest: DependencyManifest)
        -> SourceLocation
    {
        for declaration in manifest.declarations where declaration.name == service {
            if let reference = declaration.dependencies.first(where: { $0.name == dependency }) {
                return manifest.location(ofOffset: reference.offset)
            }
        }
        return SourceLocation(file: manifest.source.path, line: 1, column: 1)
    }
}
