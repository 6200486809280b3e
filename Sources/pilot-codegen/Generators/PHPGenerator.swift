/// The PHP 8.2 reader: one class per file (PSR-4 layout) and an `autoload.php` for applications without
/// Composer.
enum PHPGenerator {
    /// `Services.php`, `Dependency.php`, `ServicesFile.php`, the two exceptions and `autoload.php`.
    static func files(for request: GenerationRequest) -> [GeneratedFile] {
        let values = [
            "HEADER": GeneratedHeader.text(for: request),
            "PACKAGE": request.packageName,
            "TYPED_ACCESSORS": request.dependencies.map(typedAccessors) ?? "",
        ]
        let templates: [(String, String)] = [
            ("Services.php", PHPTemplates.services),
            ("Dependency.php", PHPTemplates.dependency),
            ("ServicesFile.php", PHPTemplates.file),
            ("ServicesFileException.php", PHPTemplates.fileException),
            ("NoHealthyInstanceException.php", PHPTemplates.noHealthyInstance),
            ("autoload.php", PHPTemplates.autoload),
        ]
        return templates.map { name, template in
            GeneratedFile(relativePath: name, contents: Template.render(template, values))
        }
    }

    /// The end of the Services class: the declared list and one method per dependency.
    private static func typedAccessors(_ dependencies: DependencySelection) -> String {
        let file = GeneratedHeader.commentSafe(dependencies.fileName)
        let names = dependencies.entries.map { ReaderGenerator.literal($0.service, quote: "'") }
            .joined(separator: ", ")
        var text = """

                // Typed accessors for the dependencies of \(dependencies.service) in \(file).

                /** The dependencies of \(dependencies.service), in the order \(file) lists them. */
                public const DECLARED_DEPENDENCIES = [\(names)];

            """
        for entry in dependencies.entries {
            let name = ReaderGenerator.literal(entry.service, quote: "'")
            text += """

                    /** The dependency "\(entry.service)". */
                    public function \(entry.accessor)(): Dependency
                    {
                        return $this->dependency(\(name));
                    }

                """
        }
        return text
    }
}
