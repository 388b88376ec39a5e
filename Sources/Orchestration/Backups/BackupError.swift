/// Why a backup could not be taken, or a file cannot be restored; the message says what to do.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    /// The reason, in a sentence for the person at the terminal or the page.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
