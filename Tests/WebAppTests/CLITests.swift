import Foundation
import Hummingbird
import HTTPTypes
import OrchestratorCLI
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Command line: users and API keys straight on the database", .timeLimit(.minutes(3)))
struct CLITests {
    @Test func userAndKeyCommandsChangeTheDatabase() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("orc-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let common = ["--data-dir", dataDir]
        setenv("ORCHESTRATOR_BCRYPT_COST", "4", 1)
        defer { unsetenv("ORCHESTRATOR_BCRYPT_COST") }

        try await OrchestratorCommand.run(arguments: ["user", "add", "root", "--role", "admin", "--password", "root-password"] + common)
        try await OrchestratorCommand.run(arguments: ["user", "add", "sam", "--role", "manager", "--password", "sam-password"] + common)
        try await OrchestratorCommand.run(arguments: ["user", "list"] + common)
        try await OrchestratorCommand.run(arguments: ["user", "role", "sam", "viewer"] + common)
        try await OrchestratorCommand.run(arguments: ["user", "passwd", "sam", "--password", "sam-password-2"] + common)
        try await OrchestratorCommand.run(arguments: ["apikey", "create", "--name", "ci", "--role", "manager"] + common)

        let database = try AppDatabase.openFile(at: dataDir + "/orchestrator.sqlite")
        #expect(try database.user(named: "sam")?.role == .viewer)
        let hash = try #require(try database.credentials(forUsername: "sam")?.passwordHash)
        #expect(try await PasswordHasher(cost: 4).verify("sam-password-2", against: hash))
        let key = try #require(try database.apiKeys().first)
        #expect(key.ownerName == "root")
        #expect(key.role == .manager)

        try await OrchestratorCommand.run(arguments: ["apikey", "revoke", "\(key.id)"] + common)
        #expect(try database.apiKeys().isEmpty)
        try await OrchestratorCommand.run(arguments: ["user", "delete", "sam"] + common)
        #expect(try database.user(named: "sam") == nil)
    }

    @Test func refusalsAreClearAndChangeNothing() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("orc-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let common = ["--data-dir", dataDir]
        setenv("ORCHESTRATOR_BCRYPT_COST", "4", 1)
        defer { unsetenv("ORCHESTRATOR_BCRYPT_COST") }
        try await OrchestratorCommand.run(arguments: ["user", "add", "root", "--role", "admin", "--password", "root-password"] + common)

        await #expect(throws: (any Error).self) {
            try await OrchestratorCommand.run(arguments: ["user", "add", "root", "--password", "another-one"] + common)
        }
        await #expect(throws: (any Error).self) {
            try await OrchestratorCommand.run(arguments: ["user", "role", "root", "viewer"] + common)
        }
        await #expect(throws: (any Error).self) {
            try await OrchestratorCommand.run(arguments: ["user", "add", "tiny", "--password", "short"] + common)
        }
        let database = try AppDatabase.openFile(at: dataDir + "/orchestrator.sqlite")
        #expect(try database.allUsers().map(\.username) == ["root"])
        #expect(try database.user(named: "root")?.role == .admin)
    }
}
