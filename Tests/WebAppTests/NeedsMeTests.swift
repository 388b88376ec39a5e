import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Orchestration
import Storage
import Testing
@testable import WebApp

/// The overview puts the agents waiting for a person first: the question with what it is about, how long, and its
/// answers for managers; viewers see who waits for a manager. Terminated projects leave the default view.
@Suite("Overview: who needs me", .timeLimit(.minutes(3)))
struct NeedsMeTests {
    static func seed(_ database: AppDatabase) throws {
        try database.insertProject(
            ProjectRecord(id: "shop", name: "Shop", description: "Front", projectPath: "/tmp/shop", specContent: "", status: .running, priority: .high))
        try database.insertProject(
            ProjectRecord(id: "old", name: "Old stuff", description: "Gone", projectPath: "/tmp/old", specContent: "", status: .terminated, priority: .low))
        let prompt = AgentPrompt(
            text: "Do you want to proceed?",
            options: [.init(key: "1", label: "Yes", keys: ["1"]), .init(key: "2", label: "No, and tell me what to do", keys: ["Escape"])],
            source: "screen", context: "Bash command\nrm -rf build/ && make release")
        let agent = AgentRecord(
            projectId: "shop", id: "developer", role: "developer", worktreePath: "/tmp/shop-wt", branch: "orc/shop/developer", launchCommand: "x",
            profile: "generic")
        try database.saveAgent(agent)
        try database.saveAgent(AgentRecord(
            projectId: "shop", id: "tester", role: "tester", worktreePath: "/tmp/shop-wt2", branch: "orc/shop/tester", launchCommand: "x", profile: "generic"))
        try database.updateAgent(projectID: "shop", id: "developer") {
            $0.status = "waiting"
            $0.prompt = prompt.storedText
        }
    }

    @Test func managersSeeTheQuestionWithItsAnswersAtTheTop() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            // Seeded once the server's start-up recovery is over: it marks agents without a window failed.
            await env.services.runtime.delivery.untilOpen()
            try Self.seed(env.services.database)
            let (cookies, _) = try await CSRFTests.browserSession(client)
            let page = try await client.execute(uri: "/", method: .get, headers: cookieHeader(cookies)).text
            let stored = try await env.services.database.agent(projectID: "shop", id: "developer")
            #expect(stored?.status == "waiting", "\(String(describing: stored))")
            #expect(try env.services.database.waitingAgents().count == 1)
            let section = try #require(page.range(of: #"data-section="needs-me""#)).lowerBound
            let cards = try #require(page.range(of: "data-project-grid")).lowerBound
            #expect(section < cards, "the list comes before the project cards")
            #expect(page.contains("Needs you"))
            #expect(page.contains(#"data-waiting-agent="shop/developer""#))
            #expect(!page.contains(#"data-waiting-agent="shop/tester""#), "only waiting agents are listed")
            #expect(page.contains("Do you want to proceed?"))
            #expect(page.contains("rm -rf build/ &amp;&amp; make release"), "what is being approved is shown")
            #expect(page.contains(#"action="/projects/shop/agents/developer/keys""#))
            #expect(page.contains(#"value="Escape" data-option-key="2">No, and tell me what to do</button>"#))
            #expect(page.range(of: #"waiting \d+ s"#, options: .regularExpression) != nil, "how long it has waited")

            // Terminated projects are out of the default view, counted, and one click away.
            #expect(!page.contains("Old stuff"))
            #expect(page.contains("1 terminated project(s) not shown"))
            #expect(try await client.execute(uri: "/?status=all", method: .get, headers: cookieHeader(cookies)).text.contains("Old stuff"))
            let needsMe = try await client.execute(uri: "/?status=needs_me", method: .get, headers: cookieHeader(cookies)).text
            #expect(needsMe.contains(#"data-project-id="shop""#) && !needsMe.contains(#"data-project-id="old""#))
        }
    }

    @Test func viewersSeeWhoWaitsForAManagerWithoutButtons() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            await env.services.runtime.delivery.untilOpen()
            try Self.seed(env.services.database)
            let token = try await client.login("vera", "password-123").access_token
            let page = try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer \(token)"]).text
            #expect(page.contains("Waiting for a manager"))
            #expect(page.contains("Do you want to proceed?"))
            #expect(!page.contains("/agents/developer/keys"))
        }
    }

    @Test func durationsReadAsAPersonSaysThem() {
        #expect(WaitingItem.duration(12) == "12 s")
        #expect(WaitingItem.duration(245) == "4 min")
        #expect(WaitingItem.duration(7200) == "2 h")
        #expect(WaitingItem.duration(7500) == "2 h 5 min")
        #expect(WaitingItem.duration(90_000) == "1 d 1 h")
    }

    @Test func anEndedProjectIsDeletedForGoodAndALiveOneIsNot() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let refused = try await client.execute(uri: "/api/v1/projects/\(project.id)?purge=true", method: .delete, headers: auth)
            #expect(refused.status == .conflict, "a running project is terminated first")
            await #expect(try env.services.database.project(id: project.id) != nil)
            #expect(try await client.execute(uri: "/api/v1/projects/\(project.id)", method: .delete, headers: auth).status == .ok)
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let page = try await client.execute(uri: "/projects/\(project.id)", method: .get, headers: cookieHeader(cookies)).text
            #expect(page.contains(#"action="/projects/\#(project.id)/delete""#))
            let deleted = try await client.form("/projects/\(project.id)/delete", ["csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/?status=all")
            await #expect(try env.services.database.project(id: project.id) == nil)
            #expect(try env.services.database.recentEvents(projectID: project.id, limit: 10).isEmpty)
            #expect(FileManager.default.fileExists(atPath: project.projectPath + "/.git"), "the repository stays")
            #expect(try await client.execute(uri: "/api/v1/projects/\(project.id)", method: .get, headers: auth).status == .notFound)
            #expect(!FileManager.default.fileExists(atPath: project.agents[0].worktreePath), "its worktrees go with it")
            // The same name again: a new project, not a 500 over a leftover folder.
            let again = try await ProjectLifecycleTests.create(client, env, token: token)
            #expect(again.status == "running")
            // A worktree folder left on disk (kept work of a deleted project) is never reused.
            try FileManager.default.createDirectory(atPath: env.dataDir + "/worktrees/kept-work/developer", withIntermediateDirectories: true)
            let kept = try await ProjectLifecycleTests.create(client, env, token: token, name: "Kept work")
            #expect(kept.id == "kept-work-2" && kept.status == "running")
        }
    }
}
