import Foundation
import GitKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Polled reads: entity tags, 304s, cached bodies and git facts that never go stale", .timeLimit(.minutes(3)))
struct ConditionalReadTests {
    @Test func everyPolledReadAnswers304UntilSomethingItShowsChanges() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("max", role: .manager)
        try await env.test { client in
            let token = try await client.login("max", "password-123").access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            for path in ["/api/v1/projects", "/api/v1/projects/\(project.id)", "/api/v1/projects/\(project.id)/status", "/api/v1/projects/\(project.id)/agents"] {
                // The agent is still settling (its briefing, its state), which legitimately moves the tag: poll until
                // a repeat finds nothing changed, as a dashboard would.
                var answered304 = false
                for _ in 0..<50 where !answered304 {
                    let first = try await client.json(.get, path, token: token)
                    #expect(first.status == .ok, "\(path)")
                    let tag = try #require(first.headers[.eTag], "\(path) has no ETag")
                    let repeated = try await client.json(.get, path, token: token, headers: [.ifNoneMatch: tag])
                    if repeated.status == .notModified {
                        answered304 = true
                        #expect(repeated.body.readableBytes == 0)
                        #expect(repeated.headers[.eTag] == tag)
                        // Another tag: the full body again, the same bytes while nothing changed.
                        let other = try await client.json(.get, path, token: token, headers: [.ifNoneMatch: #"W/"other""#])
                        #expect(other.status == .ok)
                        if other.headers[.eTag] == tag { #expect(other.text == first.text, "\(path)") }
                    } else {
                        #expect(repeated.status == .ok)
                        #expect(repeated.headers[.eTag] != tag, "\(path): a 200 for a current tag")
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                #expect(answered304, "\(path) never answered 304")
            }

            // A change the list shows (a new description) changes the tag and the body at once.
            let before = try await client.json(.get, "/api/v1/projects", token: token)
            let tag = try #require(before.headers[.eTag])
            let update = try await client.json(.put, "/api/v1/projects/\(project.id)", #"{"description":"Bookshop"}"#, token: token)
            #expect(update.status == .ok)
            let after = try await client.json(.get, "/api/v1/projects", token: token, headers: [.ifNoneMatch: tag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != tag)
            #expect(after.text.contains(#""description":"Bookshop""#))
        }
    }

    @Test func withTheResponseCacheOffEveryAnswerIsBuiltAnew() async throws {
        let env = try await TestEnvironment.make { $0.server.responseCache = false }
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            let first = try await client.json(.get, "/api/v1/projects", token: token)
            #expect(first.status == .ok && first.headers[.eTag] == nil)
            let again = try await client.json(.get, "/api/v1/projects", token: token, headers: [.ifNoneMatch: "*"])
            #expect(again.status == .ok, "no 304 without the cache")
            #expect(again.text.contains(#""id":"web-app""#))
        }
    }

    @Test func projectJSONKeepsTheSpecOrderAndWritesNulls() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("max", role: .manager)
        try await env.test { client in
            let token = try await client.login("max", "password-123").access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let list = try await client.json(.get, "/api/v1/projects", token: token).text
            #expect(list.hasPrefix(#"{"items":[{"id":"\#(project.id)","name":"Web App","description":"Shop","status":"#))
            #expect(list.contains(#""agent_command":"#))
            #expect(list.contains(#""git_info":null"#))
            #expect(list.hasSuffix(#""total":1,"limit":50,"offset":0}"#))
            let answer = try await client.json(.get, "/api/v1/projects/\(project.id)/agents", token: token)
            let agents = answer.text
            #expect(agents.hasPrefix(#"[{"agent_id":"developer","role":"developer","status":"#))
            #expect(agents.contains(#""current_task":null"#))
            // Valid JSON that decodes to the same values (dates, once the agent has printed, as ISO 8601).
            let decoded = try answer.decode([AgentStatusResponse].self)
            #expect(decoded.map(\.agentId) == ["developer"])
        }
    }

    @Test func gitFactsFollowTheRepositoryWithoutRunningGitPerRead() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("max", role: .manager)
        try await env.test { client in
            let token = try await client.login("max", "password-123").access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let record = try #require(try await env.services.database.project(id: project.id))
            let cache = env.services.runtime.gitFacts
            let first = try #require(await cache.facts(for: record))
            let version = cache.version
            // Unchanged repository: the same facts, no new version.
            #expect(await cache.facts(for: record) == first)
            #expect(cache.version == version)

            // A commit made behind the server's back is seen on the next read, and moves the entity tag.
            let tag = try #require(try await client.json(.get, "/api/v1/projects/\(project.id)", token: token).headers[.eTag])
            try "notes\n".write(toFile: project.projectPath + "/NOTES.md", atomically: true, encoding: .utf8)
            let repository = GitRepository(path: project.projectPath)
            _ = try await repository.commit(message: "Add notes", author: GitAuthor(name: "Ann", email: "ann@example.com"))
            let moved = try await client.json(.get, "/api/v1/projects/\(project.id)", token: token, headers: [.ifNoneMatch: tag])
            #expect(moved.status == .ok)
            let shown = try moved.decode(ProjectResponse.self)
            #expect(shown.gitInfo?.commitHash == (try await repository.headCommit()))
            #expect(shown.gitInfo?.commitHash != first.commitHash)
            #expect(cache.version > version)
        }
    }
}
