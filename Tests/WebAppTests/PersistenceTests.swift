import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import Synchronization
import HummingbirdTesting
import Logging
import Testing
@testable import WebApp
import Orchestration

@Suite("State survives a restart", .timeLimit(.minutes(3)))
struct PersistenceTests {
    @Test func usersKeysAndTokensSurviveARestart() async throws {
        var env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("ruth", role: .manager)
        let (tokens, secret) = try await env.test { client in
            let tokens = try await client.login("ruth", "password-123")
            let key = try await client.json(.post, "/api/v1/api-keys", #"{"name":"bot","role":"viewer"}"#, token: tokens.access_token)
            return (tokens, try #require(try key.decode(APIKeyResponse.self).key))
        }
        env.configuration.admin.password = "a-different-one"
        try await env.start()
        try await env.test { client in
            #expect(try await client.json(.get, "/api/v1/me", token: tokens.access_token).status == .ok)
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .ok)
            #expect(try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(tokens.refresh_token)"}"#).status == .ok)
            // The first admin is created once: the new setting does not reset the password.
            _ = try await client.login("admin", TestEnvironment.adminPassword)
        }
        #expect(try env.services.database.userCount() == 2)
    }

    @Test func firstStartGeneratesAPasswordPrintsItOnceAndSavesIt0600() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("orc-first-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var configuration = TestEnvironment.configuration(dataDir: dataDir)
        configuration.admin.password = nil
        configuration.admin.username = "root-admin"
        let printed = Printed()
        let services = try await AppServices.bootstrap(configuration: configuration, logger: Logger(label: "t"), announce: { printed.append($0) })
        let saved = try #require(try SecretFile.readText(dataDir + "/initial-admin-password")).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(saved.count >= 20)
        #expect(printed.lines.count == 1)
        #expect(printed.lines.first?.contains(saved) == true)
        #expect(try services.database.user(named: "root-admin")?.role == .admin)
        #expect(try Self.mode(dataDir) == 0o700)
        #expect(try Self.mode(dataDir + "/initial-admin-password") == 0o600)
        #expect(try Self.mode(dataDir + "/jwt-keys.json") == 0o600)
        #expect(FileManager.default.fileExists(atPath: dataDir + "/orchestrator.sqlite-wal"))

        _ = try await AppServices.bootstrap(configuration: configuration, logger: Logger(label: "t"), announce: { printed.append($0) })
        #expect(printed.lines.count == 1)
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

/// Collects what the server announces.
final class Printed: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
