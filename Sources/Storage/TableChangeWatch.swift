/// Tells whether any of some tables changed since the last look, from ``TableVersions``: periodic work that
/// reads those tables can skip the read while nothing was written.
///
/// Take the answer before reading the tables: a write that lands between the two is then seen on the next look.
public struct TableChangeWatch: Sendable {
    private let tables: [DatabaseTable]
    private var seen: [UInt64]?

    /// A watch over `tables`; its first look always reports a change.
    public init(_ tables: [DatabaseTable]) { self.tables = tables }

    /// Whether any of the tables changed since the last look that said so (true on the first look).
    public mutating func changed(in versions: TableVersions) -> Bool {
        let current = versions.versions(of: tables)
        guard current != seen else { return false }
        seen = current
        return true
    }

    /// Makes the next look report a change (a read that depended on the answer failed).
    public mutating func reset() { seen = nil }
}
