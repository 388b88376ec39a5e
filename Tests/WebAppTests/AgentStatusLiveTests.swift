import Foundation
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
import TmuxKit
@testable import WebApp
import Orchestration

@Suite("Agent states read live from a Claude-like program", .timeLimit(.minutes(3)))
struct AgentStatusLiveTests {
    static let fakeClaude = FixtureAgents.folder + "/fake-claude/claude"

    @Test func busyIdleWaitingExhaustedAndFailed() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let created = try await client.json(
                .post, "/api/v1/projects",
                #"{"name":"live","project_path":"\#(env.workspace)/live","spec_content":"x","size":"small","agent_command":"\#(Self.fakeClaude)"}"#, token: token)
            #expect(created.status == .created)
            func state() async -> AgentStatusResponse? {
                try? await client.json(.get, "/api/v1/projects/live/agents/developer/status", token: token).decode(AgentStatusResponse.self)
            }
            func say(_ text: String) async throws {
                let response = try await client.json(.post, "/api/v1/projects/live/messages", #"{"target_agent":"developer","content":"\#(text)"}"#, token: token)
                #expect(response.status == .accepted)
            }
            #expect(await eventually(20) { await state()?.status == "idle" }, "briefed, then still: idle")

            try await say("work 4")
            #expect(await eventually { await state()?.status == "active" }, "spinner with esc to interrupt: active")
            #expect(await eventually { await state()?.status == "idle" }, "back at the prompt: idle")

            try await say("ask")
            #expect(await eventually { await state()?.status == "waiting" }, "permission prompt: waiting")

            let pane = try await #require(try env.services.database.agent(projectID: "live", id: "developer")?.paneId)
            try await env.services.runtime.tmux.sendKeys(["1"], to: pane, in: "orc-live")
            #expect(await eventually { await state()?.status == "idle" })

            try await say("limit")
            #expect(await eventually { await state()?.status == "exhausted" })
            let exhausted = await state()
            #expect(exhausted?.creditStatus == "exhausted")
            #expect(exhausted?.resetTime?.contains("3pm") == true)

            try await say("exit")
            #expect(await eventually { await state()?.status == "failed" }, "the program ended: failed")

            // Both turns for the worse raised an alert a person can act on.
            await env.services.runtime.events.flush()
            let alerts = try env.services.database.events(projectID: "live", type: "system_alert").map(\.data)
            #expect(alerts.count == 2)
            #expect(alerts.first?.contains(#""level":"warning""#) == true && alerts.first?.contains("out of credits") == true)
            #expect(alerts.last?.contains(#""level":"error""#) == true && alerts.last?.contains(#""agent_id":"developer""#) == true)
        }
    }
}
