import Foundation
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Hooks, keys and replies: who may do what", .timeLimit(.minutes(3)))
struct AgentInteractionTests {
    @Test func agentsSpeakOnlyForThemselvesAndNeverPressKeys() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token, name: "Pair", extra: #","team_composition":["developer","tester"]"#)
            let tester = try env.services.apiKeys.createAgentToken(projectID: "pair", agentID: "tester", ownerID: 1).secret
            let stop = #"{"hook_event_name":"Stop","last_assistant_message":"done"}"#

            let foreign = try await client.json(.post, "/api/v1/projects/pair/agents/developer/hooks?kind=claude", stop, token: tester)
            #expect(foreign.status == .forbidden)
            await #expect(try env.services.database.agent(projectID: "pair", id: "developer")?.lastMessage == nil, "nothing kept")

            let own = try await client.json(.post, "/api/v1/projects/pair/agents/tester/hooks?kind=claude", stop, token: tester)
            #expect(own.status == .ok)
            let status = try await client.json(.get, "/api/v1/projects/pair/agents/tester/status", token: token).decode(AgentStatusResponse.self)
            #expect(status.status == "idle" && status.statusReason == "hook: Stop" && status.lastMessage == "done")

            let keys = try await client.json(.post, "/api/v1/projects/pair/agents/developer/keys", #"{"keys":["y"]}"#, token: tester)
            #expect(keys.status == .forbidden, "agents may not press keys in other agents' windows")
            try await env.addUser("viewer", role: .viewer)
            let viewer = try await client.login("viewer", "password-123").access_token
            #expect(try await client.json(.post, "/api/v1/projects/pair/agents/developer/keys", #"{"keys":["y"]}"#, token: viewer).status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/projects/pair/agents/ghost/keys", #"{"keys":["y"]}"#, token: token).status == .notFound)

            let nothingAsked = try await client.json(.post, "/api/v1/projects/pair/agents/tester/reply", #"{"content":"hi"}"#, token: tester)
            #expect(nothingAsked.status == .notFound)
            let asked = try await client.json(
                .post, "/api/v1/projects/pair/messages", #"{"target_agent":"tester","content":"Ready?","requires_response":true}"#, token: token
            ).decode(MessageResponse.self)
            #expect(try await client.json(.post, "/api/v1/projects/pair/agents/tester/reply", #"{"content":"  "}"#, token: tester).status == .unprocessableContent)
            let reply = try await client.json(.post, "/api/v1/projects/pair/agents/tester/reply", #"{"content":"Yes"}"#, token: tester)
            #expect(reply.status == .created)
            let stored = try reply.decode(MessageResponse.self)
            #expect(stored.inReplyTo == asked.id && stored.sender == "tester" && stored.targetAgent == "admin" && stored.status == "delivered")
            await env.services.runtime.events.flush()
            let audit = try env.services.database.events(projectID: "pair", type: "agent_reply")
            #expect(audit.count == 1)
        }
    }
}
