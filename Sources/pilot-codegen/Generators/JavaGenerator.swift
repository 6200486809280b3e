/// The Java 17 reader: one class per file in the package's folder, standard library only.
enum JavaGenerator {
    /// The package's classes under its folder (`pilot/services/ServicesWatcher.java`, ...).
    static func files(for request: GenerationRequest) -> [GeneratedFile] {
        let values = [
            "HEADER": GeneratedHeader.text(for: request),
            "PACKAGE": request.packageName,
            "TYPED_ACCESSORS": request.dependencies.map(typedAccessors) ?? "",
        ]
        let folder = request.packageName.split(separator: ".").joined(separator: "/")
        let templates: [(String, String)] = [
            ("ServicesWatcher", JavaTemplates.watcher),
            ("ServicesSnapshot", JavaTemplates.snapshot),
            ("Dependency", JavaTemplates.dependency),
            ("ServicesJson", JavaTemplates.json),
            ("SignalReloads", JavaTemplates.signalReloads),
            ("ServicesFileException", JavaTemplates.fileException),
            ("NoHealthyInstanceException", JavaTemplates.noHealthyInstance),
        ]
        return templates.map { name, template in
            GeneratedFile(relativePath: "\(folder)/\(name).java", contents: Template.render(template, values))
        }
    }

    /// The end of ServicesWatcher's body: the declared list and one method per dependency.
    private static func typedAccessors(_ dependencies: DependencySelection) -> String {
        let file = GeneratedHeader.commentSafe(dependencies.fileName)
        let names = dependencies.entries.map { ReaderGenerator.literal($0.service) }.joined(separator: ", ")
        var text = """

                // Typed accessors for the dependencies of \(dependencies.service) in \(file).

                /** The dependencies of \(dependencies.service), in the order \(file) lists them. */
                public static final List<String> DECLARED_DEPENDENCIES = List.of(\(names));

            """
        for entry in dependencies.entries {
            let name = ReaderGenerator.literal(entry.service)
            text += """

                    /** The dependency \(name). */
                    public Dependency \(entry.accessor)() {
                        return dependency(\(name));
                    }

                """
        }
        return text
    }
}
