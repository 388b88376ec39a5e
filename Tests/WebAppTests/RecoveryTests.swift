import Foundation
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
import TmuxKit
@testable import WebApp
import Orchestration

@Suite("Recovery after the server stops", .timeLimit(.minutes(3)))
struct RecoveryTests {
    @Test func aRestartReadoptsLiveAgentsAndDeliversWhatWasQueued() async throws {
        var env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let first = env
        let (agent, token) = try await first.test { client in
            let env = first
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 1) != nil })
            return (agent, token)
        }
        // The server is gone (as after SIGKILL): a message and a due check-in are stored but nobody delivers them.
        _ = try await env.services.database.enqueueMessage(
            MessageRecord(projectId: "web-app", targetAgent: "developer", senderKind: "user", sender: "admin", content: "queued while down"))
        let interrupted = try await env.services.database.enqueueMessage(
            MessageRecord(projectId: "web-app", targetAgent: "developer", senderKind: "user", sender: "admin", content: "caught mid-paste"))
        try await env.services.database.markDelivering(id: try #require(interrupted.id))
        _ = try env.services.database.createCheckin(
            CheckinRecord(projectId: "web-app", targetAgent: "developer", note: "missed check-in", dueAt: Date().addingTimeInterval(-600), repeatMinutes: nil, createdBy: "admin"))

        try await env.start()
        let second = env
        try await second.test { client in
            let env = second
            // The same pane, never restarted: the agent did not notice.
            let status = try await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self)
            #expect(status.paneId == agent.paneId)
            #expect(status.status != "failed")
            #expect(await eventually {
                let delivered = (2...5).compactMap { ProjectLifecycleTests.pasted(agent, $0) }
                return delivered.count == 3 && Set(delivered) == ["queued while down", "caught mid-paste", "missed check-in"]
            })
            #expect(try env.services.database.checkins(projectID: "web-app").isEmpty)
            // A message marked as being delivered whose text never reached the pane went back to the queue, in
            // its place, and arrived once.
            let interruptedID = try #require(interrupted.id)
            #expect(await eventually { (try? env.services.database.message(id: interruptedID))??.status == "delivered" })
            #expect(ProjectLifecycleTests.pasted(agent, 5) == nil)
        }
    }

    @Test func agentsWhoseSessionVanishedAreMarkedFailed() async throws {
        var env = try await TestEnvironment.make { $0.agents.restartAfterTmuxLoss = false }
        defer { env.cleanUp() }
        let first = env
        let token = try await first.test { client in
            let env = first
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            return token
        }
        try await env.services.runtime.tmux.killSession("orc-web-app")
        try await env.start()
        let second = env
        try await second.test { client in
            let env = second
            #expect(await eventually {
                (try? await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self).status) == "failed"
            })
            let sent = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"anyone?"}"#, token: token)
            let id = try sent.decode(MessageResponse.self).id
            #expect(await eventually { (try? env.services.database.message(id: id)?.status) == "failed" })
            await #expect(try env.services.database.message(id: id)?.failureReason?.contains("not running") == true)
        }
    }

    @Test func aStartAfterTmuxWentDownStartsRunningProjectsAgainWithAResumeBriefing() async throws {
        var env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let first = env
        let (token, agent) = try await first.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, first, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 1) != nil }, "briefed")
            return (token, agent)
        }
        // The machine or the container restarted: tmux and its panes went with the server.
        await env.services.runtime.tmux.killServer()
        try FileManager.default.removeItem(atPath: agent.worktreePath + "/paste-1")
        try await env.start()
        let second = env
        try await second.test { client in
            let env = second
            // A new agent process in the same worktree, briefed with where it stood, then the message that waited.
            #expect(await eventually(20) { ProjectLifecycleTests.pasted(agent, 1)?.contains("You are resuming") == true })
            let sent = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"back again"}"#, token: token)
            #expect(sent.status == .accepted)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 2) == "back again" })
            let status = try await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self)
            #expect(status.status != "failed")
            #expect(try await client.json(.get, "/api/v1/system/ready").status == .ok, "the tmux server answers again")
            await env.services.runtime.events.flush()
            let alerts = try env.services.database.events(projectID: "web-app", type: "system_alert").map(\.data)
            #expect(alerts.contains { $0.contains("being restarted with a resume briefing") })
        }
    }
}
