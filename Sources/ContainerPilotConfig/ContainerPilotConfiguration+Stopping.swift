extension ContainerPilotConfiguration {
    /// The jobs that start on the `stopping` event of job `name`, which that job waits for (up to its
    /// `stopTimeout`) before its process is stopped: its pre-stop jobs, in file order.
    ///
    /// ContainerPilot remembers only the last such job of each stopping job; all of them are returned here.
    public func preStopJobs(of name: String) -> [JobConfiguration] {
        jobs.filter {
            if case .event(.stopping, from: .job(name), _, _) = $0.trigger { return true }
            return false
        }
    }
}
