import Foundation
import OrchestratorCore
import Storage
import Testing

@Suite("Table versions count committed changes per table", .timeLimit(.minutes(3)))
struct TableVersionsTests {
    @Test func aCommittedWriteMovesOnlyItsTables() throws {
        let (database, folder) = try AppDatabaseTests.fileDatabase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = database.versions.versions(of: [.user, .project])
        try database.createUser(username: "ann", passwordHash: "h", role: .admin)
        let after = database.versions.versions(of: [.user, .project])
        #expect(after[0] == before[0] + 1)
        #expect(after[1] == before[1])
    }

    @Test func aFailedWriteMovesNothing() throws {
        let database = try AppDatabase.inMemory()
        try database.createUser(username: "ann", passwordHash: "h", role: .admin)
        let before = database.versions.version(of: .user)
        #expect(throws: StorageError.self) { try database.createUser(username: "ANN", passwordHash: "h", role: .viewer) }
        #expect(database.versions.version(of: .user) == before)
    }

    @Test func rowsAreVersionedOneByOneAndInsertsOrDeletesMoveThemAll() throws {
        let database = try AppDatabase.inMemory()
        for id in ["web", "api"] {
            try database.createProject(
                ProjectRecord(id: id, name: id, description: "", projectPath: "/srv/\(id)", specContent: "", status: .running, priority: .normal),
                agents: [AgentRecord(projectId: id, id: "developer", role: "developer", worktreePath: "/w/\(id)", branch: "orc/\(id)/developer",
                                     launchCommand: "bash", profile: "shell")])
        }
        let rows = try database.projectRows(ids: ["web", "api", "gone"])
        #expect(rows.keys.sorted() == ["api", "web"])
        let web = try #require(rows["web"]), api = try #require(rows["api"])
        #expect(web.agents.map(\.id) == ["developer"] && web.agentRowIDs.count == 1)
        let page = try database.projectPage(limit: 10)
        #expect(page.total == 2 && Set(page.entries.map(\.id)) == ["web", "api"])
        #expect(page.entries.first { $0.id == "web" }?.rowID == web.projectRowID)

        let built = database.versions.version(of: .agent)
        #expect(database.versions.rowsUnchanged(in: .agent, web.agentRowIDs + api.agentRowIDs, since: built))
        try database.updateAgent(projectID: "web", id: "developer") { $0.currentTask = "Build the page" }
        #expect(!database.versions.rowsUnchanged(in: .agent, web.agentRowIDs, since: built), "the changed row")
        #expect(database.versions.rowsUnchanged(in: .agent, api.agentRowIDs, since: built), "another project's row")
        #expect(database.versions.rowsUnchanged(in: .agent, web.agentRowIDs, since: database.versions.version(of: .agent)))

        // A new agent may belong to any project: every piece built before it is stale.
        let before = database.versions.version(of: .agent)
        try database.saveAgent(AgentRecord(projectId: "api", id: "tester", role: "tester", worktreePath: "/w/api-t", branch: "orc/api/tester",
                                           launchCommand: "bash", profile: "shell"))
        #expect(!database.versions.rowsUnchanged(in: .agent, api.agentRowIDs, since: before))
        #expect(!database.versions.rowsUnchanged(in: .agent, web.agentRowIDs, since: before))
        // Tables whose rows are not tracked never say unchanged.
        #expect(!database.versions.rowsUnchanged(in: .user, [1], since: database.versions.version(of: .user)))
    }
}
