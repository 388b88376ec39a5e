import Foundation
import OrchestratorCore
import Storage
import Testing

@Suite("AppDatabase on a real SQLite file", .timeLimit(.minutes(3)))
struct AppDatabaseTests {
    static func fileDatabase() throws -> (AppDatabase, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orc-db-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (try AppDatabase.openFile(at: folder + "/test.sqlite"), folder)
    }

    @Test func migrationsApplyAndTheFileReopens() throws {
        let (database, folder) = try Self.fileDatabase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try database.migrationsAreApplied())
        try database.createUser(username: "ann", passwordHash: "h", role: .admin)
        try database.probeWrite()
        let reopened = try AppDatabase.openFile(at: folder + "/test.sqlite")
        #expect(try reopened.user(named: "ANN")?.username == "ann")
    }

    @Test func worktreePathsStoredRelativeAreMadeAbsolute() throws {
        let database = try AppDatabase.inMemory()
        let project = ProjectRecord(id: "web", name: "Web", description: "", projectPath: "/srv/web", specContent: "", status: .running, priority: .normal)
        let relative = AgentRecord(
            projectId: "web", id: "developer", role: "developer", worktreePath: "./.orchestrator/worktrees/web/developer", branch: "orc/web/developer",
            launchCommand: "bash", profile: "shell")
        let absolute = AgentRecord(
            projectId: "web", id: "tester", role: "tester", worktreePath: "/elsewhere/web/tester", branch: "orc/web/tester", launchCommand: "bash",
            profile: "shell")
        try database.createProject(project, agents: [relative, absolute])
        #expect(try database.makeWorktreePathsAbsolute(worktreeRoot: "/srv/checkout/.orchestrator/worktrees") == 1)
        #expect(try database.agent(projectID: "web", id: "developer")?.worktreePath == "/srv/checkout/.orchestrator/worktrees/web/developer")
        #expect(try database.agent(projectID: "web", id: "tester")?.worktreePath == "/elsewhere/web/tester", "absolute paths stay as stored")
        #expect(try database.makeWorktreePathsAbsolute(worktreeRoot: "/srv/checkout/.orchestrator/worktrees") == 0)
    }

    @Test func usernamesAreUniqueRegardlessOfCase() throws {
        let database = try AppDatabase.inMemory()
        try database.createUser(username: "Ann", passwordHash: "h", role: .viewer)
        #expect(throws: StorageError.usernameTaken("ann")) { try database.createUser(username: "ann", passwordHash: "h", role: .viewer) }
        #expect(try database.userCount() == 1)
    }

    @Test func refreshTokensRotateOnceAndReplayEndsTheFamily() throws {
        let database = try AppDatabase.inMemory()
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .viewer)
        let later = Date().addingTimeInterval(3600)
        try database.storeRefreshToken(userID: user.id, tokenHash: "t1", familyID: "f", expiresAt: later)
        guard case .rotated(let rotatedUser, "f") = try database.rotateRefreshToken(tokenHash: "t1", newTokenHash: "t2", newExpiry: later) else {
            Issue.record("the live token did not rotate")
            return
        }
        #expect(rotatedUser.id == user.id)
        #expect(try database.userOfLiveSession(familyID: "f", userID: user.id)?.id == user.id)
        #expect(try database.rotateRefreshToken(tokenHash: "t1", newTokenHash: "t3", newExpiry: later) == .reuseDetected)
        #expect(try database.userOfLiveSession(familyID: "f", userID: user.id) == nil)
        #expect(try database.rotateRefreshToken(tokenHash: "t2", newTokenHash: "t4", newExpiry: later) == .invalid)
        #expect(try database.rotateRefreshToken(tokenHash: "unknown", newTokenHash: "t5", newExpiry: later) == .invalid)
    }

    @Test func expiredRefreshTokensAreInvalid() throws {
        let database = try AppDatabase.inMemory()
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .viewer)
        try database.storeRefreshToken(userID: user.id, tokenHash: "old", familyID: "f", expiresAt: Date().addingTimeInterval(-1))
        #expect(try database.rotateRefreshToken(tokenHash: "old", newTokenHash: "new", newExpiry: Date()) == .invalid)
    }

    @Test func deletingAUserRemovesTheirSessionsAndKeys() throws {
        let database = try AppDatabase.inMemory()
        try database.createUser(username: "root", passwordHash: "h", role: .admin)
        let user = try database.createUser(username: "ann", passwordHash: "h", role: .manager)
        try database.storeRefreshToken(userID: user.id, tokenHash: "t", familyID: "f", expiresAt: Date().addingTimeInterval(60))
        _ = try database.createAPIKey(name: "k", role: .viewer, keyHash: "kh", prefix: "orc_x", ownerID: user.id)
        try database.deleteUser(username: "ann")
        #expect(try database.apiKeys().isEmpty)
        #expect(try database.authenticateAPIKey(hash: "kh") == nil)
        #expect(try database.rotateRefreshToken(tokenHash: "t", newTokenHash: "t2", newExpiry: Date()) == .invalid)
    }

    @Test func theLastAdminStays() throws {
        let database = try AppDatabase.inMemory()
        try database.createUser(username: "root", passwordHash: "h", role: .admin)
        #expect(throws: StorageError.lastAdmin) { try database.changeRole(username: "root", to: .manager) }
        #expect(throws: StorageError.lastAdmin) { try database.deleteUser(username: "root") }
        #expect(throws: StorageError.lastAdmin) { try database.updateUser(username: "root", role: .viewer, passwordHash: "new") }
        #expect(try database.credentials(forUsername: "root")?.passwordHash == "h")
        try database.createUser(username: "second", passwordHash: "h", role: .admin)
        #expect(try database.changeRole(username: "root", to: .manager).role == .manager)
    }

    @Test func projectSearchTreatsWildcardsLiterally() throws {
        let database = try AppDatabase.inMemory()
        try database.insertProject(ProjectRecord(id: "a", name: "100% done", description: "", projectPath: "/p", specContent: "", status: .running, priority: .normal))
        try database.insertProject(ProjectRecord(id: "b", name: "snake_case", description: "", projectPath: "/p", specContent: "", status: .paused, priority: .normal))
        #expect(try database.projectSummaries(search: "%").map(\.id) == ["a"])
        #expect(try database.projectSummaries(search: "_").map(\.id) == ["b"])
        #expect(try database.projectSummaries(status: .paused).map(\.id) == ["b"])
        #expect(try database.projectSummaries().count == 2)
    }
}
