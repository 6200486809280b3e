/// The content of `services.json`: for each dependency, the `ip:port` of every healthy instance.
///
/// Values are kept sorted and without duplicates, and ``encoded()`` writes dependencies in name order,
/// so the same content always gives the same bytes (the agent rewrites the file only when they change).
public struct ServicesDocument: Hashable, Sendable {
    /// Where the agent writes the file unless told otherwise, as in the brief.
    public static let defaultPath = "/etc/containerpilot/services.json"

    /// Each dependency's instances, sorted.
    public private(set) var instancesByService: [String: [ServiceInstance]]

    /// Creates a document; instances are sorted and duplicates dropped.
    public init(_ instancesByService: [String: [ServiceInstance]] = [:]) {
        self.instancesByService = instancesByService.mapValues(ServiceInstance.sortedUnique)
    }

    /// The dependencies named in the document, sorted.
    public var services: [String] { instancesByService.keys.sorted() }

    /// The instances of `service`, or `nil` when the document does not name it.
    public subscript(service: String) -> [ServiceInstance]? {
        get { instancesByService[service] }
        set { instancesByService[service] = newValue.map(ServiceInstance.sortedUnique) }
    }

    /// The file's bytes: one line per dependency, names sorted, a final newline.
    ///
    /// ```json
    /// {
    ///   "service2": ["1.1.1.1:80", "2.2.2.2:80"],
    ///   "service3": []
    /// }
    /// ```
    public func encoded() -> String {
        String(decoding: encodedBytes(), as: UTF8.self)
    }

    /// The bytes of ``encoded()``, written straight into one buffer: time linear in the output, with no
    /// intermediate strings (the agent encodes the whole document on every change of any dependency).
    public func encodedBytes() -> [UInt8] {
        guard !instancesByService.isEmpty else { return Array("{}\n".utf8) }
        let services = self.services
        var capacity = 4
        for (service, instances) in instancesByService {
            // Name, quotes, indent, ": [", "],\n"; each instance: its host, quotes, port, ", ", brackets.
            capacity += service.utf8.count + 10
            for instance in instances { capacity += instance.host.utf8.count + 12 }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: "{\n".utf8)
        for (position, service) in services.enumerated() {
            if position > 0 { bytes.append(contentsOf: ",\n".utf8) }
            bytes.append(contentsOf: "  ".utf8)
            JSONText.appendQuoted(service, to: &bytes)
            bytes.append(contentsOf: ": [".utf8)
            for (index, instance) in instancesByService[service]!.enumerated() {
                if index > 0 { bytes.append(contentsOf: ", ".utf8) }
                bytes.append(UInt8(ascii: "\""))
                instance.appendDescription(to: &bytes, escaped: true)
                bytes.append(UInt8(ascii: "\""))
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(contentsOf: "\n}\n".utf8)
        return bytes
    }

    /// Reads a document from the bytes of a `services.json`.
    ///
    /// - Parameter path: the file's name for messages.
    /// - Throws: ``DependencyFileError`` naming the line and column of the first thing that is not an
    ///   object of service name to array of `"ip:port"` strings.
    public init(decoding bytes: [UInt8], path: String = ServicesDocument.defaultPath) throws(DependencyFileError) {
        let source = SourceText(path: path, bytes: bytes)
        let root = try source.parseJSON5()
        guard case .object(let members) = root.value else {
            throw DependencyFileError(
                code: .shape, file: path, location: source.location(ofOffset: root.offset),
                message: "expected an object mapping each service to its instances, found \(root.value.kindDescription)")
        }
        var result: [String: [ServiceInstance]] = [:]
        for member in members {
            guard case .array(let elements) = member.value.value else {
                throw DependencyFileError(
                    code: .shape, file: path, location: source.location(ofOffset: member.value.offset), key: member.key,
                    message: "expected an array of \"ip:port\" strings, found \(member.value.value.kindDescription)")
            }
            var instances: [ServiceInstance] = []
            for element in elements {
                guard case .string(let text) = element.value, let instance = ServiceInstance(text) else {
                    throw DependencyFileError(
                        code: .shape, file: path, location: source.location(ofOffset: element.offset), key: member.key,
                        message: "expected an \"ip:port\" string, found \(Self.describe(element.value))")
                }
                instances.append(instance)
            }
            result[member.key, default: []].append(contentsOf: instances)
        }
        self.init(result)
    }

    private static func describe(_ value: JSONValue) -> String {
        if case .string(let text) = value { return JSONText.quoted(text) }
        return value.kindDescription
    }
}
