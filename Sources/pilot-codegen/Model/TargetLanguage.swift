import ArgumentParser

/// A language that pilot-codegen writes a reader of `services.json` for.
enum TargetLanguage: String, CaseIterable, Sendable, ExpressibleByArgument {
    case go
    case java
    case php

    /// The language's name in messages.
    var displayName: String {
        switch self {
        case .go: "Go"
        case .java: "Java"
        case .php: "PHP"
        }
    }

    /// What `--package` means in this language, for help and messages.
    var packageMeaning: String {
        switch self {
        case .go: "Go package name"
        case .java: "Java package"
        case .php: "PHP namespace"
        }
    }
}
