public import ConsulAPI
import ConsulTemplate
public import DiscoveryModel
import Logging

/// `pilot template SOURCE`: a template rendered against the live registry and printed, not written
/// (consul-template's `-dry`), for CI and for debugging a template. It waits until every query the template
/// makes has an answer, as the agent does before a first write.
public enum TemplatePreview {
    /// Why the preview failed.
    public struct Failure: Error, CustomStringConvertible {
        /// One line (or a located template error) for the user.
        public var description: String
        /// Whether the template or its settings are at fault (exit 2) rather than the registry (exit 1).
        public var isUsage: Bool
    }

    private enum Input: Sendable {
        case answer(TemplateQuery, QueryAnswer)
        case timedOut
    }

    /// Renders `definition`'s source with `consul`'s registry and hands each complete render to `output` (only
    /// when the text changed); returns after the first when `once`, else runs until cancelled.
    ///
    /// - Throws: ``Failure``: the template cannot be read or parsed, it failed to render, or some query had no
    ///   answer within `timeout` (the message names them).
    public static func run(
        _ definition: TemplateDefinition, consul: ConsulConfiguration, environment: [String: String], once: Bool,
        timeout: Duration, output: @escaping @Sendable (String) -> Void
    ) async throws(Failure) {
        let loaded: TemplateFiles.Loaded
        do {
            guard let first = try TemplateFiles.load([definition]).first else { return }
            loaded = first
        } catch {
            throw Failure(description: "\(error)", isUsage: true)
        }
        let quiet = Logger(label: "pilot", factory: { _ in SwiftLogNoOpLogHandler() })
        let client: ConsulClient
        do {
            client = try ConsulClient(configuration: consul, logger: quiet)
        } catch {
            throw Failure(description: "\(error)", isUsage: true)
        }
        let result = await render(
            loaded, client: client, environment: environment, once: once, timeout: timeout, output: output)
        try? await client.shutdown()
        if let result { throw result }
    }

    private static func render(
        _ loaded: TemplateFiles.Loaded, client: ConsulClient, environment: [String: String], once: Bool,
        timeout: Duration, output: @escaping @Sendable (String) -> Void
    ) async -> Failure? {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        return await withTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { input.yield(.timedOut) }
            }
            defer { timer.cancel() }
            var iterator = inputs.makeAsyncIterator()
            let quiet = Logger(label: "pilot", factory: { _ in SwiftLogNoOpLogHandler() })
            var answers: [TemplateQuery: QueryAnswer] = [:]
            var watched: Set<TemplateQuery> = []
            var printed: String?
            var outcome = loaded.template.render(answers: answers, environment: environment)
            while true {
                if let error = outcome.error { return Failure(description: "\(error)", isUsage: false) }
                if let text = outcome.text {
                    timer.cancel()
                    if text != printed {
                        output(text)
                        printed = text
                    }
                    if once { return nil }
                }
                for query in outcome.queries where !watched.contains(query) {
                    watched.insert(query)
                    let watch = QueryWatch(query: query, client: client, logger: quiet)
                    group.addTask { await watch.run { input.yield(.answer(query, $0)) } }
                }
                var changed = false
                while !changed {
                    guard let next = await iterator.next() else { return nil }
                    switch next {
                    case .answer(let query, let answer):
                        if answers[query] != answer {
                            answers[query] = answer
                            changed = true
                        }
                    case .timedOut:
                        guard printed == nil else { continue }
                        // An absent key or an unreadable file is an answer the template waits past, as
                        // consul-template does; a query without any answer is Consul's silence.
                        let unanswered = outcome.missing.filter { answers[$0] == nil }.map(\.description).sorted()
                        let absent = outcome.missing.filter { answers[$0] != nil }.map(\.description).sorted()
                        var reasons: [String] = []
                        if !unanswered.isEmpty {
                            reasons.append("no answer from Consul for \(unanswered.joined(separator: ", "))")
                        }
                        if !absent.isEmpty {
                            reasons.append("still waiting for \(absent.joined(separator: ", ")) to exist")
                        }
                        return Failure(
                            description: "no complete render within \(DurationText.format(timeout)): "
                                + reasons.joined(separator: "; "),
                            isUsage: false)
                    }
                }
                outcome = loaded.template.render(answers: answers, environment: environment)
            }
        }
    }
}
