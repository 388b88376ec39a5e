/// The raw outcome of one git invocation, whatever its exit status.
public struct GitCommandResult: Sendable, Equatable {
    /// The process exit status (for a process killed by a signal: 128 + the signal number).
    public let status: Int32
    /// Everything the process wrote to standard output, unmodified.
    public let stdout: String
    /// Everything the process wrote to standard error, trimmed of surrounding whitespace.
    public let stderr: String

    /// Creates a result value.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Standard output with one trailing newline removed.
    public var output: String {
        // "\r\n" is a single Character in Swift, so one dropLast() removes either form.
        guard let last = stdout.last, last == "\n" || last == "\r\n" else { return stdout }
        return String(stdout.dropLast())
    }
}
