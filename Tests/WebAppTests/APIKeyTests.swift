import Foundation
import Hummingbird
import Storage
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Testing
@testable import WebApp
import Orchestration

@Suite("API keys", .timeLimit(.minutes(3)))
struct APIKeyTests {
    @Test func createShowsTheKeyOnceAndItAuthenticatesBothWays() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let created = try await client.json(.post, "/api/v1/api-keys", #"{"name":"nightly","role":"viewer"}"#, token: token)
            #expect(created.status == .created)
            let key = try created.decode(APIKeyResponse.self)
            let secret = try #require(key.key)
            #expect(secret.hasPrefix("orc_"))
            #expect(key.name == "nightly")

            let list = try await client.json(.get, "/api/v1/api-keys", token: token)
            #expect(!list.text.contains(secret))
            #expect(try list.decode([APIKeyResponse].self).map(\.id) == [key.id])

            let viaHeader = try await client.json(.get, "/api/v1/me", headers: [.init("X-API-Key")!: secret])
            #expect(viaHeader.status == .ok)
            #expect(viaHeader.text.contains("api_key:\(key.id)"))
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .ok)
            // A viewer key cannot write, whoever made it.
            #expect(try await client.json(.get, "/api/v1/users", token: secret).status == .forbidden)

            #expect(try await client.json(.delete, "/api/v1/api-keys/\(key.id)", token: token).status == .noContent)
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .unauthorized)
            #expect(try await client.json(.delete, "/api/v1/api-keys/\(key.id)", token: token).status == .notFound)
        }
    }

    @Test func aKeyNeverHasMoreRightsThanItsCreator() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("mia", role: .manager)
        try await env.test { client in
            let token = try await client.login("mia", "password-123").access_token
            let admin = try await client.json(.post, "/api/v1/api-keys", #"{"name":"sneaky","role":"admin"}"#, token: token)
            #expect(admin.status == .forbidden)
            #expect(try env.services.database.apiKeys().isEmpty)

            let manager = try await client.json(.post, "/api/v1/api-keys", #"{"name":"deploy","role":"manager"}"#, token: token)
            let secret = try #require(try manager.decode(APIKeyResponse.self).key)
            #expect(try await client.json(.get, "/api/v1/api-keys", token: secret).status == .ok)
            // A key cannot mint more keys, so revoking a leaked key is final.
            let minted = try await client.json(.post, "/api/v1/api-keys", #"{"name":"copy","role":"viewer"}"#, token: secret)
            #expect(minted.status == .forbidden)
            #expect(try env.services.database.apiKeys().count == 1)

            // Demoting the owner demotes the key at once; deleting the owner kills it.
            _ = try env.services.users.changeRole(username: "mia", to: "viewer", actor: "test")
            #expect(try await client.json(.get, "/api/v1/api-keys", token: secret).status == .forbidden)
            try env.services.users.delete(username: "mia", actor: "test")
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .unauthorized)
        }
    }

    @Test func managersSeeAndRevokeOnlyTheirOwnKeys() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("mia", role: .manager)
        try await env.test { client in
            let adminToken = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let adminKey = try await client.json(.post, "/api/v1/api-keys", #"{"name":"admin-key","role":"viewer"}"#, token: adminToken)
                .decode(APIKeyResponse.self)
            let token = try await client.login("mia", "password-123").access_token
            #expect(try await client.json(.get, "/api/v1/api-keys", token: token).decode([APIKeyResponse].self).isEmpty)
            #expect(try await client.json(.delete, "/api/v1/api-keys/\(adminKey.id)", token: token).status == .notFound)
            #expect(try env.services.database.apiKey(id: adminKey.id) != nil)
            #expect(try await client.json(.get, "/api/v1/api-keys", token: adminToken).decode([APIKeyResponse].self).count == 1)
        }
    }

    @Test func badKeyRequestsAreRefusedClearly() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let blank = try await client.json(.post, "/api/v1/api-keys", #"{"name":"  ","role":"root"}"#, token: token)
            #expect(blank.status == .unprocessableContent)
            #expect(Set(blank.apiError?.details?.fields?.map(\.field) ?? []) == ["name", "role"])
            #expect(try await client.json(.delete, "/api/v1/api-keys/abc", token: token).status == .notFound)
            #expect(try await client.json(.get, "/api/v1/me", headers: [.init("X-API-Key")!: "orc_made_up"]).status == .unauthorized)
        }
    }
}
