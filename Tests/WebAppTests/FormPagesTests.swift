import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp

/// Forms a person expects on the pages: a batch typed on `/batches`, a chat started about a project picked from a list.
@Suite("Forms on the batch and chat pages", .timeLimit(.minutes(3)))
struct FormPagesTests {
    @Test func aBatchIsStartedFromTheForm() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let page = try await client.execute(uri: "/batches", method: .get, headers: cookieHeader(cookies))
            #expect(page.text.contains(#"form method="post" action="/batches""#))
            let started = try await client.form(
                "/batches",
                ["specifications": "# Login page\r\nEmail and password.\r\n---\r\n\r\n# Settings page\r\nProfile.\r\n---\r\n", "priority": "high",
                 "processing_mode": "sequential", "max_concurrent": "1", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            #expect(location.hasPrefix("/batches/"))
            let id = String(location.dropFirst("/batches/".count))
            let items = try env.services.database.batchItems(batchID: id)
            #expect(items.map(\.content) == ["# Login page\nEmail and password.", "# Settings page\nProfile."])
            #expect(items.allSatisfy { $0.priority == "high" })

            // Nothing to run: the form comes back with the reason, and no batch is stored.
            let before = try env.services.database.recentBatches().count
            let refused = try await client.form("/batches", ["specifications": "---\n", "csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(refused.headers[.location] == "/batches")
            #expect(try env.services.database.recentBatches().count == before)
        }
        #expect(IntelligencePageController.splitSpecifications("a\n---\nb\n ---  \n\n---\nc") == ["a", "b", "c"])
    }

    @Test func aChatIsAboutAProjectPickedFromAList() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            try env.services.database.insertProject(
                ProjectRecord(id: "shop", name: "Shop front", description: "", projectPath: "/tmp/s", specContent: "", status: .running, priority: .normal))
            try env.services.database.insertProject(
                ProjectRecord(id: "gone", name: "Gone", description: "", projectPath: "/tmp/g", specContent: "", status: .terminated, priority: .normal))
            let (cookies, _) = try await CSRFTests.browserSession(client)
            let page = try await client.execute(uri: "/chat", method: .get, headers: cookieHeader(cookies)).text
            #expect(page.contains(#"<select id="chat_project" name="project_id">"#))
            #expect(page.contains(#"<option value="shop">Shop front (shop)</option>"#))
            #expect(!page.contains(#"<option value="gone">"#))
        }
    }
}
