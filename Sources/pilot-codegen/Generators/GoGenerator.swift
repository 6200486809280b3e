/// The Go reader: package files beside each other, standard library only, `Watcher` reloading on SIGHUP.
enum GoGenerator {
    /// `snapshot.go`, `file.go`, `watcher.go`, `pick.go`, and with dependencies `dependencies.go`.
    static func files(for request: GenerationRequest) -> [GeneratedFile] {
        let values = ["HEADER": GeneratedHeader.text(for: request), "PACKAGE": request.packageName]
        var files = [
            GeneratedFile(relativePath: "snapshot.go", contents: Template.render(GoTemplates.snapshot, values)),
            GeneratedFile(relativePath: "file.go", contents: Template.render(GoTemplates.file, values)),
            GeneratedFile(relativePath: "watcher.go", contents: Template.render(GoTemplates.watcher, values)),
            GeneratedFile(relativePath: "pick.go", contents: Template.render(GoTemplates.pick, values)),
        ]
        if let dependencies = request.dependencies {
            let contents = dependenciesFile(dependencies, values: values)
            files.append(GeneratedFile(relativePath: "dependencies.go", contents: contents))
        }
        return files
    }

    /// `Declared()` and one method on `*Watcher` per dependency.
    private static func dependenciesFile(_ dependencies: DependencySelection, values: [String: String]) -> String {
        let file = GeneratedHeader.commentSafe(dependencies.fileName)
        let names = dependencies.entries.map { ReaderGenerator.literal($0.service) }.joined(separator: ", ")
        var text = """
            {{HEADER}}

            package {{PACKAGE}}

            // Declared returns the dependencies of \(dependencies.service), in the order \(file) lists them.
            func Declared() []string { return []string{\(names)} }

            """
        for entry in dependencies.entries {
            let name = ReaderGenerator.literal(entry.service)
            text += """

                // \(entry.accessor) is the dependency \(name).
                func (w *Watcher) \(entry.accessor)() Dependency { return w.Dependency(\(name)) }

                """
        }
        return Template.render(text, values)
    }
}
