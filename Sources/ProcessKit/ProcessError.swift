/// Why a child process gave no result.
public enum ProcessError: Error, Sendable, Equatable {
    /// The executable does not exist or cannot be run.
    case notFound(executable: String)
    /// The process ran past its time limit and was stopped.
    case timedOut(arguments: [String], timeout: Duration)
}
