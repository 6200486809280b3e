// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode is the package default at this tools version;
/// the flags below keep strict concurrency checking explicit for readers of this file.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // An import is visible only in the file that writes it, so a full-Foundation overload cannot be picked
    // by accident through another file's import.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "pilot",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SystemSupport", targets: ["SystemSupport"]),
        .library(name: "SettingValues", targets: ["SettingValues"]),
        .library(name: "JSONValues", targets: ["JSONValues"]),
        .library(name: "DiscoveryModel", targets: ["DiscoveryModel"]),
        .library(name: "ConsulAPI", targets: ["ConsulAPI"]),
        .library(name: "ContainerPilotConfig", targets: ["ContainerPilotConfig"]),
        .library(name: "PilotAgent", targets: ["PilotAgent"]),
        .library(name: "GoTemplate", targets: ["GoTemplate"]),
        .library(name: "ConsulTemplate", targets: ["ConsulTemplate"]),
        .executable(name: "pilot", targets: ["pilot"]),
        .executable(name: "pilot-codegen", targets: ["pilot-codegen"]),
        .executable(name: "pilot-bench", targets: ["pilot-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The few system calls every target needs without Foundation: whole-file reads, the environment.
        .target(
            name: "SystemSupport",
            swiftSettings: strictSettings
        ),
        // The one parser of each kind of setting value (durations, booleans), shared by the model and the
        // Consul client. Pure Swift, no Foundation.
        .target(
            name: "SettingValues",
            swiftSettings: strictSettings
        ),
        // JSON without Foundation: the position-tracking JSON5 scanner, its node tree, JSON text writing, and
        // Codable coders over them, so that the agent runs none of FoundationEssentials' coders.
        .target(
            name: "JSONValues",
            swiftSettings: strictSettings
        ),
        // The domain as values. No Foundation, so lint and the model stay light.
        .target(
            name: "DiscoveryModel",
            dependencies: ["SystemSupport", "SettingValues", "JSONValues"],
            swiftSettings: strictSettings
        ),
        // ContainerPilot v3 configuration files: rendered with their template syntax, parsed and validated into typed
        // values.
        .target(
            name: "ContainerPilotConfig",
            dependencies: ["DiscoveryModel", "GoTemplate"],
            swiftSettings: strictSettings
        ),
        // A typed client for Consul's HTTP API.
        .target(
            name: "ConsulAPI",
            dependencies: [
                "SystemSupport",
                "SettingValues",
                "JSONValues",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Go's text/template language, for ContainerPilot configurations and consul-template files. Standard
        // library only: no Foundation, no dependency.
        .target(
            name: "GoTemplate",
            swiftSettings: strictSettings
        ),
        // consul-template's language over GoTemplate: the registry functions, the queries they make, render passes.
        .target(
            name: "ConsulTemplate",
            dependencies: ["GoTemplate", "ConsulAPI", "JSONValues"],
            swiftSettings: strictSettings
        ),
        // fork/exec for ChildProcesses: what runs between fork and exec must be async-signal-safe C.
        .target(name: "CPilotSpawn"),
        // The agent as a library: system, settings, processes, the parts, and the composition root.
        .target(
            name: "PilotAgent",
            dependencies: [
                "SystemSupport",
                "CPilotSpawn",
                "ContainerPilotConfig",
                "ConsulTemplate",
                "SettingValues",
                "JSONValues",
                "DiscoveryModel",
                "ConsulAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The command line: a thin layer of commands over PilotAgent, DiscoveryModel and ConsulAPI.
        .executableTarget(
            name: "pilot",
            dependencies: [
                "PilotAgent",
                "ContainerPilotConfig",
                "GoTemplate",
                "DiscoveryModel",
                "ConsulAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Generators of Go, Java and PHP readers of services.json.
        .executableTarget(
            name: "pilot-codegen",
            dependencies: [
                "DiscoveryModel",
                "SystemSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks: commands that print their figures.
        .executableTarget(
            name: "pilot-bench",
            dependencies: [
                "DiscoveryModel", "ConsulAPI", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/pilot-bench",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SystemSupportTests",
            dependencies: ["SystemSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SettingValuesTests",
            dependencies: ["SettingValues"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "JSONValuesTests",
            dependencies: ["JSONValues"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GoTemplateTests",
            dependencies: ["GoTemplate"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsulTemplateTests",
            dependencies: ["ConsulTemplate", "GoTemplate", "ConsulAPI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DiscoveryModelTests",
            dependencies: ["DiscoveryModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ContainerPilotConfigTests",
            dependencies: ["ContainerPilotConfig", "DiscoveryModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PilotCLITests",
            dependencies: ["pilot", "DiscoveryModel", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        // Real Consul agents on free ports, and polling with a deadline, for every test that needs them.
        .target(
            name: "TestSupport",
            dependencies: [
                "ConsulAPI",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PilotAgentTests",
            dependencies: [
                "pilot", "PilotAgent", "ConsulAPI", "ConsulTemplate", "SystemSupport", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                // An event loop for the listeners of control servers made in the test process.
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Scripts"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CodegenTests",
            dependencies: ["pilot-codegen", "DiscoveryModel", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsulAPITests",
            dependencies: [
                "ConsulAPI", "JSONValues", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
