import Foundation
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
import TmuxKit
@testable import WebApp
import Orchestration

@Suite("When the tmux server itself dies", .timeLimit(.minutes(3)))
struct TmuxLossTests {
    @Test func agentsFailWithTheReasonAnAlertGoesOutAndReadinessSaysSo() async throws {
        let env = try await TestEnvironment.make { $0.agents.restartAfterTmuxLoss = false }
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 1) != nil })
            #expect(try await client.json(.get, "/api/v1/system/ready").status == .ok)

            // as an OOM kill or a crash of tmux would
            await env.services.runtime.tmux.killServer()

            #expect(await eventually(10) {
                let status = try? await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self)
                return status?.status == "failed" && status?.statusReason?.contains("tmux") == true
            })
            await env.services.runtime.events.flush()
            let alerts = try env.services.database.events(projectID: "web-app", type: "system_alert").map(\.data)
            #expect(alerts.contains { $0.contains("tmux session of project web-app is gone") && $0.contains("Resume the project") })
            let ready = try await client.json(.get, "/api/v1/system/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.text.contains("tmux_server"))
            // A message now waits for the resume instead of failing silently into nothing.
            let queued = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"after the crash"}"#, token: token)
            #expect(queued.status == .accepted)
        }
    }
}
