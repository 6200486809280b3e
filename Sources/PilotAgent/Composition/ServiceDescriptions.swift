/// How each part names itself where swift-service-lifecycle logs it (it logs every service's description
/// at debug level). The default description of a struct lists all its fields, which for a job included
/// pilot's whole environment, ACL token and all; these name the part and nothing else.
extension SignalForwarder: CustomStringConvertible {
    var description: String { "SignalForwarder(\(job.name))" }
}

extension ServicesPublisher: CustomStringConvertible {
    var description: String { "ServicesPublisher" }
}
