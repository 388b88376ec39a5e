/// What a finished child process printed, and how it ended.
public struct ProcessOutput: Sendable, Equatable {
    /// The exit status (for a process killed by a signal: 128 + the signal number).
    public let status: Int32
    /// Everything written to standard output, unmodified.
    public let stdout: String
    /// Everything written to standard error, trimmed of surrounding whitespace.
    public let stderr: String

    /// Creates an output value.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}
