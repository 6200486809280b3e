import DiscoveryModel

/// The state of one decoding: the source, to turn offsets into lines and columns, and the warnings found.
///
/// A class so that every reader of a part of the document adds to the same list of warnings.
final class DecodingContext {
    /// The rendered text being decoded.
    let source: SourceText
    /// The warnings so far, in document order of discovery.
    private(set) var warnings: [ConfigurationWarning] = []

    /// Creates a context over `source`.
    init(source: SourceText) {
        self.source = source
    }

    /// An error about `value`, placed at its key when `atKey` (unknown or conflicting keys), else at the value.
    func error(
        _ code: ContainerPilotConfigurationError.Code, _ value: LocatedValue, atKey: Bool = false, _ message: String
    ) -> ContainerPilotConfigurationError {
        let offset = atKey ? (value.keyOffset ?? value.node.offset) : value.node.offset
        return ContainerPilotConfigurationError(
            code: code, location: source.location(ofOffset: offset), keyPath: value.path.description,
            message: message)
    }

    /// Records a warning about `value`, placed at its key when `atKey`.
    func warn(_ value: LocatedValue, atKey: Bool = false, _ message: String) {
        let offset = atKey ? (value.keyOffset ?? value.node.offset) : value.node.offset
        warnings.append(
            ConfigurationWarning(
                location: source.location(ofOffset: offset), keyPath: value.path.description, message: message))
    }
}
