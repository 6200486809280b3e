extension Duration {
    /// The duration in seconds, for printing and comparing the scenarios' figures.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
