import Foundation
import Intelligence
import GitKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Dashboard pages: project, agent, create form, system; forms through the API handlers", .timeLimit(.minutes(3)))
struct DashboardPageTests {
    @Test func projectPageFormsWorkAndViewersGetNoControls() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 1) != nil })
            let (cookies, csrf) = try await CSRFTests.browserSession(client)

            // A message in Markdown, through the page's form: queued, delivered byte for byte, rendered safely.
            let content = "Please **add tests** <script>alert(1)</script>"
            let sent = try await client.form(
                "/projects/web-app/messages", ["content": content, "target_agent": "developer", "priority": "high", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/projects/web-app")
            let flash = try #require(sent.cookieValue("orc_flash"))
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 2) == content })
            var withFlash = cookies
            withFlash["orc_flash"] = flash
            let page = try await client.execute(uri: "/projects/web-app", method: .get, headers: cookieHeader(withFlash))
            #expect(page.status == .ok)
            #expect(page.text.contains("Message queued for developer."))
            #expect(page.cookieValue("orc_flash") == "", "a notice is shown once")
            #expect(page.text.contains("<strong>add tests</strong>"))
            #expect(!page.text.contains("<script>alert(1)"), "raw HTML in Markdown is dropped")
            #expect(page.text.contains(#"data-agent-id="developer""#))
            #expect(page.text.contains("paste-recorder ready"), "the tile shows the pane's last lines")
            // Whether the agent runs in a sandbox, as the server started it (bubblewrap works where the tests run).
            let contained = env.services.runtime.sandbox.isEnabled
            #expect(page.text.contains(contained ? #"data-field="containment" title="In a sandbox"# : "not contained"))
            #expect(page.text.contains(#"<textarea"#) && page.text.contains(#"name="target_agent""#))
            #expect(page.text.contains(#"action="/projects/web-app/pause""#))

            // A refused form comes back with the reason in words, and nothing changes.
            let empty = try await client.form(
                "/projects/web-app/messages", ["content": " ", "target_agent": "developer", "csrf_token": csrf], headers: cookieHeader(cookies))
            var refused = cookies
            let problem: String = try #require(empty.cookieValue("orc_flash"))
            refused["orc_flash"] = problem
            let again = try await client.execute(uri: "/projects/web-app", method: .get, headers: cookieHeader(refused))
            #expect(again.text.contains("alert-error") && again.text.contains("Content must not be empty."))
            await #expect(try env.services.database.messages(projectID: "web-app").count == 2)

            // Viewers see the same page with no controls, and forged posts are refused.
            let viewer = try await client.login("vera", "password-123").access_token
            let seen = try await client.execute(uri: "/projects/web-app", method: .get, headers: [.authorization: "Bearer \(viewer)"])
            #expect(seen.status == .ok)
            #expect(seen.text.contains(#"data-agent-id="developer""#) && seen.text.contains("<strong>add tests</strong>"))
            // The header's sign-out form aside, and the Ask-AI box (asking is reading: viewers may ask).
            let body = (seen.text.components(separatedBy: "<main").last ?? "").components(separatedBy: #"<section class="card ask-ai""#).first ?? ""
            #expect(seen.text.contains(#"<form method="post" action="/ask""#), "viewers may ask about the project")
            for control in ["<form method=\"post\"", "<textarea", "<select", "<button"] {
                #expect(!body.contains(control), "viewer page has no \(control)")
            }
            let forged = try await client.form("/projects/web-app/pause", [:], headers: [.authorization: "Bearer \(viewer)"])
            #expect(forged.status == .forbidden)
            await #expect(try env.services.database.project(id: "web-app")?.status == .running)

            let agentPage = try await client.execute(uri: "/projects/web-app/agents/developer", method: .get, headers: [.authorization: "Bearer \(viewer)"])
            #expect(agentPage.status == .ok)
            #expect(agentPage.text.contains("paste-recorder ready") && agentPage.text.contains("<strong>add tests</strong>"))
            let noAgent = try await client.execute(uri: "/projects/web-app/agents/ghost", method: .get, headers: [.authorization: "Bearer \(viewer)"])
            #expect(noAgent.status == .notFound)
        }
    }

    @Test func mergeFromTheGitPanelAndPauseResume() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            try "done\n".write(toFile: agent.worktreePath + "/feature.txt", atomically: true, encoding: .utf8)
            _ = try await GitRepository(path: agent.worktreePath).commit(message: "Add feature", author: GitAuthor(name: "developer", email: "d@x"))
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let before = try await client.execute(uri: "/projects/web-app?diff=developer", method: .get, headers: cookieHeader(cookies))
            #expect(before.text.contains(#"action="/projects/web-app/merge""#))
            #expect(before.text.contains("+done"), "the diff viewer shows the agent's change")

            let merged = try await client.form(
                "/projects/web-app/merge", ["agent_id": "developer", "strategy": "merge", "csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(merged.status == .seeOther)
            let flash = try #require(PageFlash.read(try Self.request(cookie: "orc_flash=" + (merged.cookieValue("orc_flash") ?? ""), path: "/projects/web-app")))
            #expect(flash.kind == .notice && flash.text.hasPrefix("Merged developer into main"))
            let log = try await GitRepository(path: project.projectPath).log("main", limit: 5).map(\.message)
            #expect(log.contains("Add feature"))

            let paused = try await client.form("/projects/web-app/pause", ["csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(paused.status == .seeOther)
            await #expect(try env.services.database.project(id: "web-app")?.status == .paused)
            let resumed = try await client.form("/projects/web-app/resume", ["csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(resumed.status == .seeOther)
            await #expect(try env.services.database.project(id: "web-app")?.status == .running)
            let noToken = try await client.form("/projects/web-app/pause", [:], headers: cookieHeader(cookies))
            #expect(noToken.status == .forbidden, "cookie forms need the CSRF token")
        }
    }

    @Test func textFromFormsKeepsPlainLineBreaks() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            // Browsers send a textarea's line breaks as CRLF.
            let sent = try await client.form(
                "/projects/web-app/messages", ["target_agent": "developer", "content": "line one\r\nline two\r\n\r\nline four", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(sent.status == .seeOther)
            let stored = try #require(try await env.services.database.messages(projectID: "web-app", agent: "developer").first { $0.content.hasPrefix("line one") })
            #expect(stored.content == "line one\nline two\n\nline four")
            #expect(!stored.content.unicodeScalars.contains("\r"))
        }
    }

    @Test func createFormsShowWhereAndWhatWillRun() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try FileManager.default.createDirectory(atPath: env.workspace + "/shop/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: env.workspace + "/notes", withIntermediateDirectories: true)
        try await env.test { client in
            let (cookies, _) = try await CSRFTests.browserSession(client)
            let form = try await client.execute(uri: "/projects/new", method: .get, headers: cookieHeader(cookies)).text
            #expect(form.contains(#"placeholder="\#(env.workspace)/my-app""#), "an example path under the root")
            #expect(form.contains(#"<option value="\#(env.workspace)/shop">git repository</option>"#))
            #expect(form.contains(#"<option value="\#(env.workspace)/notes">folder</option>"#))
            let command = LaunchCommand.resolve(projectCommand: nil, configured: env.services.configuration.agents.defaultCommand)
            #expect(form.contains(#"placeholder="\#(command)""#), "the agent command's placeholder is what runs")
            // The prompt form's sizes are the manual form's.
            #expect(form.contains(#"name="project_path" type="text" list="workspace-folders""#))
            #expect(form.components(separatedBy: "Medium: 3 agents (project-manager, developer, tester)").count == 3)
        }
        #expect(HeuristicProvider.sizedTeams == TeamComposition.defaultSizes)
    }

    @Test func createFormKeepsWhatWasTypedAndNamesTheProblem() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let form = try await client.execute(uri: "/projects/new", method: .get, headers: cookieHeader(cookies))
            #expect(form.status == .ok)
            #expect(form.text.contains(env.workspace), "the workspace roots are listed")
            let outside = try await client.form(
                "/projects", ["name": "Shop <One>", "project_path": "/etc/shop", "spec_content": "# Spec", "size": "small", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("alert-error") && outside.text.contains("workspace root"))
            #expect(outside.text.contains("Shop &lt;One&gt;"), "what was typed is kept, escaped")
            await #expect(try env.services.database.projects().items.isEmpty)

            let created = try await client.form(
                "/projects",
                ["name": "Shop", "project_path": env.workspace + "/shop", "spec_content": "# Spec", "size": "small", "roles": "developer, tester",
                 "agent_command": FixtureAgents.pasteRecorder, "priority": "high", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/projects/shop")
            let agents = try await env.services.database.agents(projectID: "shop").map(\.id)
            #expect(agents == ["developer", "tester"])
            await #expect(try env.services.database.project(id: "shop")?.priority == .high)

            // "new" is the create form's own path, so a project named "New" gets another id.
            let named = try await client.form(
                "/projects", ["name": "New", "project_path": env.workspace + "/new", "spec_content": "x", "size": "small",
                              "agent_command": FixtureAgents.pasteRecorder, "csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(named.headers[.location] == "/projects/new-2")
        }
    }

    @Test func systemPageAndMarkdownPreview() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let viewer = try await client.login("vera", "password-123").access_token
            let page = try await client.execute(uri: "/system", method: .get, headers: [.authorization: "Bearer \(viewer)"])
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>System"))
            #expect(page.text.contains("<polyline") && page.text.contains("Messages per minute"))
            #expect(page.text.contains(env.configuration.tmux.socket))
            let preview = try await client.json(.post, "/api/v1/markdown", ##"{"text":"# Plan\n\n<b>raw</b> and [x](javascript:alert(1))"}"##, token: viewer)
            #expect(preview.status == .ok)
            let html = try preview.decode([String: String].self)["html"] ?? ""
            #expect(html.contains("<h1>Plan</h1>"))
            #expect(!html.contains("<b>raw</b>") && !html.contains("javascript:"))
            let bad = try await client.json(.post, "/api/v1/markdown", #"{"txt":"x"}"#, token: viewer)
            #expect(bad.status == .badRequest || bad.status == .unprocessableContent)
        }
    }

    @Test func modelsDrawSparklinesSummariseEventsAndKeepLastLines() throws {
        let line = SystemPageModel.sparkline("x", [0, 5, 10])
        #expect(line.points == "0.0,29.0 60.0,15.0 120.0,1.0")
        #expect(line.latest == "10" && line.peak == "10")
        #expect(SystemPageModel.sparkline("flat", []).points == "0.0,29.0 120.0,29.0")
        #expect(SystemPageModel.sparkline("flat", []).note?.hasPrefix("Collecting: 0 samples") == true)
        let cpu = SystemPageModel.sparkline("CPU", [2, 12.5], unit: "%")
        #expect(cpu.peak == "12.5 %" && cpu.latest == "12.5 %" && cpu.note == nil)
        #expect(SystemPageModel.sparkline("m", [1, 3], unit: "/min").peak == "3/min")
        #expect(ProjectPageModel.lastLines("a\nb\n\nc\n\n\n", count: 2) == "\nc")
        #expect(EventSummary.text(type: "agent_status_update", data: #"{"agent_id":"dev","status":"idle"}"#) == "dev is now idle")
        #expect(EventSummary.text(type: "message_failed", data: #"{"id":3,"target_agent":"dev","failure_reason":"gone"}"#) == "Message #3 to dev failed: gone")
        let flash = PageFlash(kind: .error, text: "Ünïcode; = & \"quotes\"")
        let response = flash.redirect(to: "/x", secure: false)
        let cookie = try #require(response.headers[values: .setCookie].first?.split(separator: ";").first)
        #expect(PageFlash.read(try Self.request(cookie: String(cookie), path: "/x")) == flash)
        #expect(PageFlash.read(try Self.request(cookie: String(cookie), path: "/")) == nil, "a flash shows only on the page it was made for")
        #expect(PageFlash.read(try Self.request(cookie: "orc_flash=bogus.!!!")) == nil)
    }

    static func request(cookie: String, path: String = "/") throws -> Request {
        Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path, headerFields: [.cookie: cookie]),
            body: RequestBody(buffer: ByteBuffer()))
    }
}
