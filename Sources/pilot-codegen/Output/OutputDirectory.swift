import FoundationEssentials

/// The `--out` directory: generated files are written into it, and files that an earlier run generated
/// but this one did not (a `dependencies.go` after `--deps` was dropped) are removed.
struct OutputDirectory {
    /// The directory, as given on the command line.
    let path: String

    /// Writes `files`, creating folders as needed; a file whose bytes are already right is left alone,
    /// so that its modification time says when it last changed.
    ///
    /// - Throws: ``CodegenError`` with code `.cannotWrite`, naming the file.
    func write(_ files: [GeneratedFile]) throws(CodegenError) {
        let manager = FileManager.default
        var folders: Set<String> = []
        for file in files {
            let target = join(path, file.relativePath)
            let folder = parent(of: target)
            folders.insert(folder)
            let bytes = Data(file.contents.utf8)
            if let existing = manager.contents(atPath: target), existing == bytes { continue }
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try bytes.write(to: URL(filePath: target), options: .atomic)
            } catch {
                throw CodegenError(
                    code: .cannotWrite, file: target, message: "cannot write the file: \(Self.reason(error))")
            }
        }
        let written = Set(files.map { join(path, $0.relativePath) })
        for folder in folders.sorted() {
            for name in (try? manager.contentsOfDirectory(atPath: folder).sorted()) ?? [] {
                let candidate = join(folder, name)
                guard !written.contains(candidate), Self.isGenerated(candidate) else { continue }
                do {
                    try manager.removeItem(atPath: candidate)
                } catch {
                    throw CodegenError(
                        code: .cannotWrite, file: candidate,
                        message: "cannot remove this file of an earlier run: \(Self.reason(error))")
                }
            }
        }
    }

    /// Whether the file at `path` is a Go, Java or PHP file that pilot-codegen wrote.
    static func isGenerated(_ path: String) -> Bool {
        guard [".go", ".java", ".php"].contains(where: path.hasSuffix),
            let data = FileManager.default.contents(atPath: path)
        else { return false }
        var text = String(decoding: data.prefix(200), as: UTF8.self)
        if text.hasPrefix("<?php\n") { text.removeFirst("<?php\n".count) }
        return text.hasPrefix(GeneratedHeader.marker)
    }

    private func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private func parent(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    private static func reason(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileWriteNoPermission?: "permission denied"
        case .fileWriteOutOfSpace?: "no space left on the device"
        case .fileWriteVolumeReadOnly?: "the file system is read-only"
        default: String(describing: error)
        }
    }
}
