/// One page of the project list, as ids: which projects, in which order, and how many match in all.
public struct ProjectPage: Sendable {
    /// A listed project: its id and its row id (for ``TableVersions/rowsUnchanged(in:_:since:)``).
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var rowID: Int64
    }

    /// The page's projects, newest change first.
    public var entries: [Entry]
    /// How many projects match the filters, on every page.
    public var total: Int
}
