public import DiscoveryModel
import Glibc
public import Logging

/// Which dependencies the agent watches: the list under `SERVICE_NAME` in `serviceDependencies.json`.
public enum DependencySource {
    /// The dependencies of `service` in `file`; none, said once in the log, when there is no file.
    ///
    /// - Throws: ``DependencyFileError`` for a file that cannot be read or parsed, or that does not declare
    ///   `service` (naming the services it declares).
    public static func dependencies(file: String, service: String, logger: Logger) throws(DependencyFileError) -> [String] {
        guard access(file, F_OK) == 0 else {
            logger.info("no \(file); no dependencies to watch")
            return []
        }
        let dependencies = try DependencyManifest(contentsOfFile: file).requiredDependencies(of: service)
        logger.info("watching dependencies", metadata: ["of": "\(service)", "dependencies": "\(dependencies.joined(separator: ", "))"])
        return dependencies
    }
}
