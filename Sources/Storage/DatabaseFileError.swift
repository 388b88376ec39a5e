/// A database file that cannot stand in for the server's: damaged, foreign, or from a newer build.
public struct DatabaseFileError: Error, CustomStringConvertible, Sendable {
    /// What is wrong with the file, in a sentence for the person restoring.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
