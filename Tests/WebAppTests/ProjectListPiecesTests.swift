import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Orchestration
import Storage
import Testing
@testable import WebApp

/// The project list keeps each project's entry while its rows stand, and never serves one that is stale: a changed
/// agent, a renamed project, a new agent and a deleted project each show on the next read, with the whole-answer
/// cache off (so every read goes through the entries).
@Suite("Project list entries: kept while their rows stand, never stale", .timeLimit(.minutes(3)))
struct ProjectListPiecesTests {
    static func agent(_ project: String, _ id: String) -> AgentRecord {
        AgentRecord(projectId: project, id: id, role: id, worktreePath: "/tmp/\(project)-\(id)", branch: "orc/\(project)/\(id)", launchCommand: "x",
                    profile: "generic")
    }

    /// The item of `id` in a list body, as written.
    static func item(_ list: String, _ id: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let found = try #require(items.first { $0["id"] as? String == id })
        return String(decoding: try JSONSerialization.data(withJSONObject: found, options: .sortedKeys), as: UTF8.self)
    }

    @Test func everyChangeShowsOnTheNextReadAndOtherEntriesStayAsTheyWere() async throws {
        let env = try await TestEnvironment.make { $0.server.responseCache = false }
        defer { env.cleanUp() }
        let database = env.services.database
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            for id in ["shop", "blog"] {
                try database.insertProject(
                    ProjectRecord(id: id, name: id.capitalized, description: "", projectPath: "/tmp/\(id)", specContent: "", status: .paused, priority: .normal))
                try database.saveAgent(Self.agent(id, "developer"))
            }
            let list = { try await client.json(.get, "/api/v1/projects", token: token).text }
            let first = try await list()
            let blog = try Self.item(first, "blog")

            try database.updateAgent(projectID: "shop", id: "developer") { $0.currentTask = "Build the cart" }
            let second = try await list()
            #expect(try Self.item(second, "shop").contains(#""current_task":"Build the cart""#))
            #expect(try Self.item(second, "blog") == blog)

            // Reading again changes nothing; the entries are the same bytes.
            let again = try await list()
            #expect(again == second)

            var renamed = try #require(try await database.project(id: "blog"))
            renamed.name = "Journal"
            renamed.updatedAt = Date().addingTimeInterval(5)
            try database.saveProject(renamed)
            let third = try await list()
            #expect(try Self.item(third, "blog").contains(#""name":"Journal""#))
            #expect(third.hasPrefix(#"{"items":[{"id":"blog""#), "the changed project comes first")

            try database.saveAgent(Self.agent("blog", "tester"))
            let fourth = try await list()
            #expect(try Self.item(fourth, "blog").contains(#""team_composition":["developer","tester"]"#))

            #expect(try database.purgeProject(id: "shop"))
            let fifth = try await list()
            #expect(!fifth.contains(#""id":"shop""#))
            #expect(fifth.hasSuffix(#""total":1,"limit":50,"offset":0}"#))

            // Paging and filters still apply to the ids.
            let paused = try await client.json(.get, "/api/v1/projects?status=running", token: token).text
            #expect(paused.hasPrefix(#"{"items":[],"total":0"#))
        }
    }
}
