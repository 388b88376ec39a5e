import ProcessKit

/// The raw outcome of one git invocation, whatever its exit status.
public typealias GitCommandResult = ProcessOutput

extension ProcessOutput {
    /// Standard output with one trailing newline removed.
    public var output: String {
        // "\r\n" is a single Character in Swift, so one dropLast() removes either form.
        guard let last = stdout.last, last == "\n" || last == "\r\n" else { return stdout }
        return String(stdout.dropLast())
    }
}
