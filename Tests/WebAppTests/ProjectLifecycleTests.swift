import Foundation
import GitKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
import TmuxKit
@testable import WebApp
import Orchestration

@Suite("Projects and agents on a real tmux and real git", .timeLimit(.minutes(3)))
struct ProjectLifecycleTests {
    static func create(_ client: any TestClientProtocol, _ env: TestEnvironment, token: String, name: String = "Web App", extra: String = "") async throws -> ProjectResponse {
        let body = ##"{"name":"\##(name)","description":"Shop","project_path":"\##(env.workspace)/\##(ProjectSlug.make(from: name))","spec_content":"# Build a shop\nWith a cart.","size":"small","agent_command":"\##(FixtureAgents.pasteRecorder)"\##(extra)}"##
        let response = try await client.json(.post, "/api/v1/projects", body, token: token)
        guard response.status == .created else { throw TestFailure("create failed: \(response.status) \(response.text)") }
        return try response.decode(ProjectResponse.self)
    }

    static func pasted(_ agent: AgentStatusResponse, _ number: Int) -> String? {
        try? String(contentsOfFile: agent.worktreePath + "/paste-\(number)", encoding: .utf8)
    }

    @Test func createBriefsTheAgentAndMessagesArriveExactly() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("max", role: .manager)
        try await env.test { client in
            let token = try await client.login("max", "password-123").access_token
            let project = try await Self.create(client, env, token: token)
            #expect(project.id == "web-app")
            #expect(project.status == "running")
            #expect(project.agents.map(\.agentId) == ["developer"])
            let agent = try #require(project.agents.first)
            #expect(agent.branch == "orc/web-app/developer")
            #expect(agent.paneId?.hasPrefix("%") == true)
            #expect(project.gitInfo?.branch == "main")

            // The repository was created with the spec, and the agent works in its own worktree on its branch.
            let repository = GitRepository(path: project.projectPath)
            #expect(try await repository.log(limit: 5).map(\.message) == ["Add project spec"])
            #expect(try String(contentsOfFile: project.projectPath + "/SPEC.md", encoding: .utf8).contains("Build a shop"))
            #expect(try await GitRepository(path: agent.worktreePath).currentBranch() == "orc/web-app/developer")
            let windows = try await env.services.runtime.tmux.panes(in: "orc-web-app")
            #expect(windows.map(\.windowName) == ["developer"])

            // The briefing is the first message, delivered once the agent showed its prompt.
            #expect(await eventually { Self.pasted(agent, 1)?.contains("You are developer") == true })
            let briefing = try #require(Self.pasted(agent, 1))
            #expect(briefing.contains("With a cart."))
            #expect(briefing.contains("orchestrator report"))

            let nasty = "quotes ' \" `ticks` $(touch /tmp/pwned) ; | & -leading\nsecond line\ttab \\ é 漢字 🚀 #{pane_id} ~"
            let body = try JSONEncoder().encode(["target_agent": "developer", "content": nasty, "priority": "high"])
            let sent = try await client.json(.post, "/api/v1/projects/web-app/messages", String(decoding: body, as: UTF8.self), token: token)
            #expect(sent.status == .accepted)
            let message = try sent.decode(MessageResponse.self)
            #expect(message.status == "queued")
            #expect(message.sender == "max")
            #expect(await eventually { Self.pasted(agent, 2) != nil })
            #expect(try Data(contentsOf: URL(fileURLWithPath: agent.worktreePath + "/paste-2")) == Data(nasty.utf8))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
            #expect(await eventually {
                (try? await client.json(.get, "/api/v1/projects/web-app/messages?agent=developer&status=delivered", token: token)
                    .decode([MessageResponse].self).count) == 2
            })

            let big = String(repeating: "0123456789 abcdefghij\n", count: 500)
            _ = try await client.json(.post, "/api/v1/projects/web-app/messages", String(decoding: try JSONEncoder().encode(["target_agent": "developer", "content": big]), as: UTF8.self), token: token)
            #expect(await eventually { Self.pasted(agent, 3) == big })

            // Everything that happened is an event, in order.
            let events = try await client.json(.get, "/api/v1/projects/web-app/events", token: token).text
            for type in ["project_status_change", "message_queued", "message_delivered"] {
                #expect(events.contains(#""type":"\#(type)""#), "\(type)")
            }
            #expect(events.contains(#""status":"running""#))

            let output = try await client.json(.get, "/api/v1/projects/web-app/agents/developer/output?lines=200", token: token)
            #expect(output.status == .ok)
            #expect(output.text.contains("paste-recorder ready"))
        }
    }

    @Test func badMessagesAreRefusedAndNothingIsStored() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await Self.create(client, env, token: token)
            let unknown = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"ghost","content":"hi"}"#, token: token)
            #expect(unknown.status == .notFound)
            #expect(unknown.apiError?.code == "not_found")
            let empty = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"  "}"#, token: token)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.apiError?.details?.fields?.first?.field == "content")
            let noProject = try await client.json(.post, "/api/v1/projects/nope/messages", #"{"target_agent":"developer","content":"x"}"#, token: token)
            #expect(noProject.status == .notFound)
            // Only the briefing exists.
            await #expect(try env.services.database.messages(projectID: "web-app").map(\.kind) == ["briefing"])
        }
    }

    @Test func invalidProjectsAre422NamingTheField() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let cases: [(String, String)] = [
                (#"{"name":"x","project_path":"/etc/x"}"#, "project_path"),
                (#"{"name":"x","project_path":"\#(env.workspace)/../escape"}"#, "project_path"),
                (#"{"name":"x","project_path":"relative/path"}"#, "project_path"),
                (#"{"name":"","project_path":"\#(env.workspace)/a"}"#, "name"),
                (#"{"name":"x","project_path":"\#(env.workspace)/a","size":"huge"}"#, "size"),
                (#"{"name":"x","project_path":"\#(env.workspace)/a","priority":"asap"}"#, "priority"),
                (#"{"name":"x","project_path":"\#(env.workspace)/a","team_composition":["Dev Ops"]}"#, "team_composition"),
                (#"{"name":"x","project_path":"\#(env.workspace)/a","base_branch":"-x"}"#, "base_branch"),
                (#"{"project_path":"\#(env.workspace)/a"}"#, "name"),
            ]
            for (body, field) in cases {
                let response = try await client.json(.post, "/api/v1/projects", body, token: token)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.apiError?.details?.fields?.map(\.field).contains(field) == true, "\(body): \(response.text)")
            }
            await #expect(try env.services.database.projects().total == 0)
            #expect(!FileManager.default.fileExists(atPath: env.workspace + "/a"))
            // A path that is a file cannot hold a repository: a clear 4xx, and no project is left behind.
            try "x".write(toFile: env.workspace + "/afile", atomically: true, encoding: .utf8)
            let onFile = try await client.json(.post, "/api/v1/projects", #"{"name":"x","project_path":"\#(env.workspace)/afile"}"#, token: token)
            #expect((400..<500).contains(onFile.status.code), "\(onFile.text)")
            await #expect(try env.services.database.projects().total == 0)
            // A symlink inside the root that points outside is refused too.
            try FileManager.default.createSymbolicLink(atPath: env.workspace + "/link", withDestinationPath: "/tmp")
            let viaLink = try await client.json(.post, "/api/v1/projects", #"{"name":"x","project_path":"\#(env.workspace)/link/x"}"#, token: token)
            #expect(viaLink.status == .unprocessableContent)
        }
    }

    @Test func teamsBySizeAndByRolesWithRepeatsNumbered() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let team = try await Self.create(client, env, token: token, name: "Team", extra: #","team_composition":["developer","developer","tester"]"#)
            #expect(team.agents.map(\.agentId) == ["developer", "developer-2", "tester"])
            #expect(Set(try await env.services.runtime.tmux.panes(in: "orc-team").map(\.windowName)) == ["developer", "developer-2", "tester"])
            // Every member is briefed, not only the last one started.
            for agent in team.agents {
                #expect(await eventually { Self.pasted(agent, 1)?.contains("You are \(agent.agentId)") == true }, "\(agent.agentId)")
            }

            // Changing the team starts and stops agents.
            let updated = try await client.json(.put, "/api/v1/projects/team", #"{"team_composition":["developer","reviewer"],"priority":"urgent"}"#, token: token)
            #expect(updated.status == .ok)
            let project = try updated.decode(ProjectResponse.self)
            #expect(project.agents.map(\.agentId) == ["developer", "reviewer"])
            #expect(project.priority == "urgent")
            #expect(Set(try await env.services.runtime.tmux.panes(in: "orc-team").map(\.windowName)) == ["developer", "reviewer"])
        }
    }

    @Test func pauseResumeAndTerminate() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { Self.pasted(agent, 1) != nil })

            let paused = try await client.json(.post, "/api/v1/projects/web-app/pause", token: token).decode(ProjectResponse.self)
            #expect(paused.status == "paused")
            #expect(paused.agents.first?.status == "stopped")
            #expect(await !env.services.runtime.tmux.hasSession("orc-web-app"))
            // Messages sent while paused wait for the resume.
            _ = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"while you were away"}"#, token: token)
            #expect(try await client.json(.post, "/api/v1/projects/web-app/pause", token: token).status == .conflict)

            let resumed = try await client.json(.post, "/api/v1/projects/web-app/resume", token: token).decode(ProjectResponse.self)
            #expect(resumed.status == "running")
            #expect(await env.services.runtime.tmux.hasSession("orc-web-app"))
            // Same worktree, a new agent process: first the briefing saying where it stood, then the message that waited.
            #expect(await eventually { Self.pasted(agent, 2) == "while you were away" })
            #expect(Self.pasted(agent, 1)?.contains("You are resuming after a pause") == true)
            #expect(Self.pasted(agent, 1)?.contains("Add project spec") == true)

            let terminated = try await client.json(.delete, "/api/v1/projects/web-app", token: token).decode(ProjectResponse.self)
            #expect(terminated.status == "terminated")
            #expect(await !env.services.runtime.tmux.hasSession("orc-web-app"))
            #expect(FileManager.default.fileExists(atPath: agent.worktreePath))
            #expect(try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"x"}"#, token: token).status == .conflict)

            let second = try await Self.create(client, env, token: token, name: "Other")
            _ = try await client.json(.delete, "/api/v1/projects/other?remove_worktrees=true", token: token)
            #expect(!FileManager.default.fileExists(atPath: second.agents[0].worktreePath))
        }
    }

    @Test func reportsCheckinsAndAgentTokens() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.create(client, env, token: token)
            let agent = try #require(project.agents.first)

            let agentToken = try env.services.apiKeys.createAgentToken(projectID: "web-app", agentID: "developer", ownerID: 1).secret
            let report = try await client.json(
                .post, "/api/v1/projects/web-app/agents/developer/report", #"{"current_task":"cart","progress":0.5,"message":"**half**"}"#, token: agentToken)
            #expect(report.status == .ok)
            let status = try await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self)
            #expect(status.currentTask == "cart")
            #expect(status.progress == 0.5)
            #expect(try await client.json(.get, "/api/v1/projects/web-app", token: token).decode(ProjectResponse.self).progress == 0.5)
            #expect(try await client.json(.post, "/api/v1/projects/web-app/agents/developer/report", #"{"progress":2}"#, token: agentToken).status == .unprocessableContent)

            // The agent's token works only on its own project.
            let other = try await Self.create(client, env, token: token, name: "Other")
            #expect(try await client.json(.get, "/api/v1/projects/\(other.id)", token: agentToken).status == .forbidden)
            #expect(try await client.json(.get, "/api/v1/users", token: agentToken).status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/projects", #"{"name":"x","project_path":"\#(env.workspace)/x"}"#, token: agentToken).status == .forbidden)
            // Agents report, message and schedule; they do not merge, pause or reshape their project.
            #expect(try await client.json(.post, "/api/v1/projects/web-app/git/merge", #"{"source":"developer"}"#, token: agentToken).status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/projects/web-app/pause", token: agentToken).status == .forbidden)
            #expect(try await client.json(.delete, "/api/v1/projects/web-app", token: agentToken).status == .forbidden)
            let fromAgent = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"note to self"}"#, token: agentToken)
            #expect(try fromAgent.decode(MessageResponse.self).senderKind == "agent")

            // A check-in due now is delivered by the scheduler; a later one can be listed and cancelled.
            let due = try await client.json(.post, "/api/v1/projects/web-app/checkins", #"{"target_agent":"developer","minutes":0,"note":"status please"}"#, token: token)
            #expect(due.status == .created)
            #expect(await eventually { (1...4).contains { Self.pasted(agent, $0) == "status please" } })
            let later = try await client.json(.post, "/api/v1/projects/web-app/checkins", #"{"target_agent":"developer","minutes":30,"note":"later","repeat_minutes":30}"#, token: token)
            let checkin = try later.decode(CheckinResponse.self)
            #expect(try await client.json(.get, "/api/v1/projects/web-app/checkins", token: token).decode([CheckinResponse].self).map(\.id) == [checkin.id])
            #expect(try await client.json(.delete, "/api/v1/projects/web-app/checkins/\(checkin.id)", token: token).status == .noContent)
            #expect(try await client.json(.delete, "/api/v1/projects/web-app/checkins/\(checkin.id)", token: token).status == .notFound)
            let bad = try await client.json(.post, "/api/v1/projects/web-app/checkins", #"{"target_agent":"developer","note":"x"}"#, token: token)
            #expect(bad.status == .unprocessableContent)
            let huge = try await client.json(.post, "/api/v1/projects/web-app/checkins", #"{"target_agent":"developer","minutes":1,"note":"x","repeat_minutes":999999999999}"#, token: token)
            #expect(huge.status == .unprocessableContent)
            let ancient = try await client.json(.post, "/api/v1/projects/web-app/checkins", #"{"target_agent":"developer","at":"0001-01-01T00:00:00Z","note":"x","repeat_minutes":1}"#, token: token)
            #expect(ancient.status == .unprocessableContent)
        }
    }

    @Test func agentStatesFollowTheScreen() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await Self.create(client, env, token: token)
            // Once the briefing is in and output is still for 1.5 s, the agent is idle.
            #expect(await eventually(20) {
                (try? await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self).status) == "idle"
            })
            // Stopping the agent's program leaves a dead pane: failed.
            let pane = try await #require(try env.services.database.agent(projectID: "web-app", id: "developer")?.paneId)
            try await env.services.runtime.tmux.sendKeys(["C-c"], to: pane, in: "orc-web-app")
            #expect(await eventually(20) {
                (try? await client.json(.get, "/api/v1/projects/web-app/agents/developer/status", token: token).decode(AgentStatusResponse.self).status) == "failed"
            })
        }
    }
}
