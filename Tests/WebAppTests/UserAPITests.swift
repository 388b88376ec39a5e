import Foundation
import Hummingbird
import Storage
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Testing
@testable import WebApp
import Orchestration

@Suite("Users API", .timeLimit(.minutes(3)))
struct UserAPITests {
    @Test func adminCreatesListsChangesAndDeletesUsers() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let created = try await client.json(.post, "/api/v1/users", #"{"username":"dana","password":"password-123","role":"manager"}"#, token: token)
            #expect(created.status == .created)
            let user = try created.decode(UserResponse.self)
            #expect(user.username == "dana")
            #expect(user.role == .manager)
            #expect(!created.text.contains("password"))

            let duplicate = try await client.json(.post, "/api/v1/users", #"{"username":"DANA","password":"password-123"}"#, token: token)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.apiError?.code == "username_taken")

            let list = try await client.json(.get, "/api/v1/users", token: token)
            #expect(try list.decode([UserResponse].self).map(\.username) == ["admin", "dana"])

            let demoted = try await client.json(.patch, "/api/v1/users/dana", #"{"role":"viewer"}"#, token: token)
            #expect(try demoted.decode(UserResponse.self).role == .viewer)

            let reset = try await client.json(.patch, "/api/v1/users/dana", #"{"password":"brand-new-pass"}"#, token: token)
            #expect(reset.status == .ok)
            _ = try await client.login("dana", "brand-new-pass")

            #expect(try await client.json(.delete, "/api/v1/users/dana", token: token).status == .noContent)
            #expect(try await client.json(.get, "/api/v1/users/dana", token: token).status == .notFound)
            #expect(try await client.json(.delete, "/api/v1/users/dana", token: token).status == .notFound)
        }
    }

    @Test func theLastAdminCannotBeDemotedOrDeleted() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let demote = try await client.json(.patch, "/api/v1/users/admin", #"{"role":"viewer"}"#, token: token)
            #expect(demote.status == .conflict)
            #expect(demote.apiError?.code == "last_admin")
            #expect(try await client.json(.delete, "/api/v1/users/admin", token: token).status == .conflict)
            #expect(try env.services.database.user(named: "admin")?.role == .admin)
        }
    }

    @Test func everyUserChangesTheirOwnPasswordWithTheCurrentOne() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vic", role: .viewer)
        try await env.test { client in
            let token = try await client.login("vic", "password-123").access_token
            let noCurrent = try await client.json(.patch, "/api/v1/users/vic", #"{"password":"another-pass"}"#, token: token)
            #expect(noCurrent.status == .unprocessableContent)
            #expect(noCurrent.apiError?.details?.fields?.first?.field == "current_password")
            let wrongCurrent = try await client.json(
                .patch, "/api/v1/users/vic", #"{"password":"another-pass","current_password":"wrong-one"}"#, token: token)
            #expect(wrongCurrent.status == .unprocessableContent)
            let ok = try await client.json(
                .patch, "/api/v1/users/vic", #"{"password":"another-pass","current_password":"password-123"}"#, token: token)
            #expect(ok.status == .ok)
            // The change ends existing sessions; the new password works.
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .unauthorized)
            _ = try await client.login("vic", "another-pass")
        }
    }

    @Test func aPatchThatFailsHalfWayChangesNothing() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let response = try await client.json(.patch, "/api/v1/users/admin", #"{"password":"changed-password","role":"viewer","current_password":"\#(TestEnvironment.adminPassword)"}"#, token: token)
            #expect(response.status == .conflict)
            // Neither the password nor the sessions changed.
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .ok)
            _ = try await client.login("admin", TestEnvironment.adminPassword)
        }
    }

    @Test func passwordsWithControlCharactersAreRefused() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let response = try await client.json(.post, "/api/v1/users", #"{"username":"nul","password":"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}"#, token: token)
            #expect(response.status == .unprocessableContent)
            #expect(response.apiError?.details?.fields?.first?.field == "password")
            #expect(try env.services.database.user(named: "nul") == nil)
        }
    }

    @Test func aRefusedPatchChangesNothing() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("walt", role: .viewer)
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let response = try await client.json(.patch, "/api/v1/users/walt", #"{"password":"new-password-9","role":"emperor"}"#, token: token)
            #expect(response.status == .unprocessableContent)
            _ = try await client.login("walt", "password-123")
            #expect(try env.services.database.user(named: "walt")?.role == .viewer)
        }
    }
}
