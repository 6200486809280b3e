import ConsulAPI
import DiscoveryModel
import Logging

/// Builds the discovery half of the agent: the publisher of `services.json` and one watch per dependency.
struct Discovery: Sendable {
    let configuration: AgentConfiguration
    let client: ConsulClient
    let status: AgentStatus
    let logger: Logger

    /// The publisher, and where watches send their answers.
    func publisher(
        dependencies: [String], job: JobHandle?, firstWrite: StartGate
    ) -> (ServicesPublisher, AsyncStream<PublisherEvent>.Continuation) {
        let writer = ServicesFileWriter(path: configuration.servicesFile, inPlace: configuration.servicesFileInPlace)
        let onDisk = writer.currentBytes()
        let previous = onDisk.flatMap { try? ServicesDocument(decoding: $0, path: configuration.servicesFile) }
        let (events, eventSink) = AsyncStream.makeStream(of: PublisherEvent.self)
        let publisher = ServicesPublisher(
            settings: .init(
                writer: writer, startupDeadline: configuration.startupDeadline,
                quietPeriod: configuration.mergeQuietPeriod, maximumDelay: configuration.mergeMaximumDelay,
                signal: configuration.settings.signalOnChange ? configuration.reloadSignal : nil,
                onChange: configuration.onChange, onChangeTimeout: .seconds(30),
                eventLoopGroup: client.eventLoopGroup),
            initialState: DiscoveryState(
                dependencies: dependencies, keepLastKnown: configuration.keepLastKnown, previous: previous),
            onDisk: onDisk, events: events, eventSink: eventSink, job: job, firstWrite: firstWrite, status: status,
            logger: logger)
        return (publisher, eventSink)
    }
}
