import Orchestration
import Storage
import Synchronization

/// The project list's entries, each kept as written JSON with the row versions it was built from.
///
/// A busy fleet changes some agent's row every second or so, and each change makes the whole list's cached body
/// stale; rebuilding every project from its rows for that was most of a list's cost. An entry here stays while its
/// project's row and its agents' rows are unchanged (``TableVersions/rowsUnchanged(in:_:since:)``), so a rebuilt
/// list reads and writes only the projects that changed and copies the rest.
final class ProjectListPieces: Sendable {
    private struct Piece {
        var json: RawJSON
        var projectRowID: Int64
        var agentRowIDs: [Int64]
        /// The `project` and `agent` table versions read before the rows were.
        var projectVersion: UInt64
        var agentVersion: UInt64
    }

    private let pieces = Mutex<[String: Piece]>([:])
    /// The most entries kept; past it the store starts again empty.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The entry of the project at `entry`, if the one kept is still current by `versions`.
    func current(_ entry: ProjectPage.Entry, versions: TableVersions) -> RawJSON? {
        guard let piece = pieces.withLock({ $0[entry.id] }), piece.projectRowID == entry.rowID,
              versions.rowsUnchanged(in: .project, CollectionOfOne(entry.rowID), since: piece.projectVersion),
              versions.rowsUnchanged(in: .agent, piece.agentRowIDs, since: piece.agentVersion)
        else { return nil }
        return piece.json
    }

    /// Writes the entry of `rows`, read after the table versions `projectVersion` and `agentVersion` were, and
    /// keeps it.
    func build(_ rows: ProjectRows, projectVersion: UInt64, agentVersion: UInt64) -> RawJSON {
        let json = RawJSON(ProjectResponse(rows.project, agents: rows.agents, gitInfo: nil))
        let piece = Piece(
            json: json, projectRowID: rows.projectRowID, agentRowIDs: rows.agentRowIDs,
            projectVersion: projectVersion, agentVersion: agentVersion)
        pieces.withLock { pieces in
            if pieces.count >= capacity, pieces[rows.project.id] == nil { pieces.removeAll(keepingCapacity: true) }
            pieces[rows.project.id] = piece
        }
        return json
    }

    /// One page of the list: kept entries where they are current, the others built from their rows (one read).
    func items(of page: ProjectPage, database: AppDatabase) throws -> [RawJSON] {
        let versions = database.versions
        // Read before the rows: a change committed meanwhile only makes the next request build again.
        let stamp = versions.versions(of: [.project, .agent])
        var items = page.entries.map { current($0, versions: versions) }
        let missing = page.entries.indices.filter { items[$0] == nil }
        guard !missing.isEmpty else { return items.map { $0! } }
        let rows = try database.projectRows(ids: missing.map { page.entries[$0].id })
        for index in missing {
            guard let found = rows[page.entries[index].id] else { continue }
            items[index] = build(found, projectVersion: stamp[0], agentVersion: stamp[1])
        }
        // A project deleted between the page and the rows is left out.
        return items.compactMap { $0 }
    }
}
