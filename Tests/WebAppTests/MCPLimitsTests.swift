import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Orchestration
import Storage
import Testing
@testable import WebApp

/// `/mcp` answers a batch of a sensible size and refuses a huge one at once (one 10,000-message batch once took the
/// server to 2 GB); an agent's token works there, for its own project's tools, and on the public routes.
@Suite("MCP batches are capped; agents' tokens reach /mcp", .timeLimit(.minutes(3)))
struct MCPLimitsTests {
    static func batch(_ count: Int) -> String {
        "[" + (0..<count).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"tools/list"}"# }.joined(separator: ",") + "]"
    }

    @Test func aHugeBatchIsRefusedAndASmallOneAnswered() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let token = try await client.login("vera", "password-123").access_token
            let small = try await client.json(.post, "/mcp", #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]"#, token: token)
            #expect(small.status == .ok)
            let answers = try #require(try JSONSerialization.jsonObject(with: Data(small.text.utf8)) as? [[String: Any]])
            #expect(answers.count == 2)
            let huge = try await client.json(.post, "/mcp", Self.batch(10_000), token: token)
            #expect(huge.status == .ok)
            #expect(huge.text.contains("a batch must hold 1 to 20 messages; this one holds 10000"))
            #expect(huge.text.utf8.count < 1000, "an error, not ten thousand tool lists")
            let empty = try await client.json(.post, "/mcp", "[]", token: token)
            #expect(empty.text.contains("a batch must hold"))
        }
    }

    @Test func anAgentsTokenWorksAtMCPAndThePublicRoutes() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { _ in
            try env.services.database.insertProject(
                ProjectRecord(id: "shop", name: "Shop", description: "", projectPath: "/tmp/shop", specContent: "", status: .paused, priority: .normal))
            try env.services.database.saveAgent(AgentRecord(
                projectId: "shop", id: "developer", role: "developer", worktreePath: "/tmp/shop-dev", branch: "orc/shop/developer", launchCommand: "x",
                profile: "generic"))
        }
        let admin = try #require(try env.services.database.user(named: "admin"))
        let agentToken = try env.services.apiKeys.createAgentToken(projectID: "shop", agentID: "developer", ownerID: admin.id).secret
        try await env.test { client in
            let tools = try await client.json(.post, "/mcp", #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, token: agentToken)
            #expect(tools.status == .ok && tools.text.contains(#""tools""#), "\(tools.text)")
            let health = try await client.json(.get, "/api/v1/system/health", token: agentToken)
            #expect(health.status == .ok)
            let other = try await client.json(.get, "/api/v1/projects", token: agentToken)
            #expect(other.status == .forbidden, "still limited to its project elsewhere")
        }
    }
}
