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
}
