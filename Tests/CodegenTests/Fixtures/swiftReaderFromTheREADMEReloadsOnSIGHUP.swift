// The README's Swift reader, compiled and run by CodegenTests: DiscoveryModel's ServicesDocument and a
// SIGHUP dispatch source. It prints the instances of service2 at start and after each SIGHUP.
import DiscoveryModel
import Dispatch
import Foundation
import Synchronization

func show(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
let url = URL(filePath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ServicesDocument.defaultPath)

// --- README begin
let services = Mutex(try ServicesDocument(decoding: Array(Data(contentsOf: url)), path: url.path))  // throws at start
signal(SIGHUP, SIG_IGN)                                    // the dispatch source takes SIGHUP instead
let reload = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
reload.setEventHandler { @Sendable in                      // @Sendable: not main-actor code, runs on any thread
    do {
        let fresh = try ServicesDocument(decoding: Array(Data(contentsOf: url)), path: url.path)
        services.withLock { $0 = fresh }                   // readers see the old or the new document, whole
    } catch {
        show("services.json: \(error); keeping the previous content")   // never drop a good list
    }
    show("service2: " + services.withLock { $0["service2"] ?? [] }.map(\.description).joined(separator: " "))
}
reload.resume()
let address = services.withLock { $0["service2"]?.randomElement() }   // a ServiceInstance: "ip:port"
// --- README end

show("service2: " + services.withLock { $0["service2"] ?? [] }.map(\.description).joined(separator: " "))
_ = address
dispatchMain()
