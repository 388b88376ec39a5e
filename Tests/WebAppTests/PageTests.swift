import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Pages", .timeLimit(.minutes(3)))
struct PageTests {
    @Test func anonymousVisitorsAreSentToLoginAndBackAfterwards() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let home = try await client.execute(uri: "/admin/users?tab=keys", method: .get)
            #expect(home.status == .found)
            #expect(home.headers[.location] == "/login?next=/admin/users%3Ftab%3Dkeys")

            let form = try await client.execute(uri: "/login?next=/admin/users%3Ftab%3Dkeys", method: .get)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"name="username""#))
            #expect(form.text.contains(#"name="password""#))
            #expect(form.text.contains(#"name="next" value="/admin/users?tab&#61;keys""#) || form.text.contains(#"value="/admin/users?tab=keys""#))

            let signedIn = try await client.form(
                "/login", ["username": "admin", "password": TestEnvironment.adminPassword, "next": "/admin/users?tab=keys"])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/admin/users?tab=keys")
            #expect(signedIn.setCookies["orc_access"]?.contains("HttpOnly") == true)
        }
    }

    @Test func wrongPasswordShowsAnErrorOnTheForm() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let response = try await client.form("/login", ["username": "admin", "password": "wrong-wrong", "next": "/"])
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("Invalid username or password"))
            #expect(response.text.contains(#"value="admin""#))
            #expect(response.setCookies.isEmpty)
        }
    }

    @Test func loginNeverRedirectsOffSite() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            for target in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example", "/ /evil.example"] {
                let response = try await client.form("/login", ["username": "admin", "password": TestEnvironment.adminPassword, "next": target])
                #expect(response.headers[.location] == "/", "\(target)")
            }
        }
    }

    @Test func overviewListsProjectsWithFiltersAndAnEmptyState() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let token = try await client.login("vera", "password-123").access_token
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let empty = try await client.execute(uri: "/", method: .get, headers: auth)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("No projects yet"))
            #expect(empty.text.contains("vera"))
            #expect(empty.text.contains("viewer"))
            #expect(!empty.text.contains("Users &amp; keys"))

            try env.services.database.insertProject(
                ProjectRecord(id: "webapp", name: "Web <App>", description: "Shop front", projectPath: "/tmp/w", specContent: "", status: .running, priority: .high, progress: 0.4))
            try env.services.database.insertProject(
                ProjectRecord(id: "docs", name: "Docs", description: "Handbook", projectPath: "/tmp/d", specContent: "", status: .paused, priority: .low))
            let all = try await client.execute(uri: "/", method: .get, headers: auth)
            #expect(all.text.contains("Web &lt;App&gt;"))
            #expect(!all.text.contains("Web <App>"))
            #expect(all.text.contains(#"value="40""#))
            #expect(all.text.contains("Docs"))
            let paused = try await client.execute(uri: "/?status=paused", method: .get, headers: auth)
            #expect(paused.text.contains("Docs"))
            #expect(!paused.text.contains("Shop front"))
            let searched = try await client.execute(uri: "/?q=shop", method: .get, headers: auth)
            #expect(searched.text.contains("Shop front"))
            #expect(!searched.text.contains("Handbook"))
            let nothing = try await client.execute(uri: "/?q=%25", method: .get, headers: auth)
            #expect(nothing.text.contains("No projects match"))
        }
    }

    @Test func adminPageManagesUsersAndKeysThroughForms() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let headers = cookieHeader(cookies)
            let add = try await client.form("/admin/users", ["username": "nina", "password": "password-123", "role": "manager", "csrf_token": csrf], headers: headers)
            #expect(add.headers[.location] == "/admin/users?notice=user-created")
            let page = try await client.execute(uri: "/admin/users?notice=user-created", method: .get, headers: headers)
            #expect(page.text.contains("User created."))
            #expect(page.text.contains(#"data-username="nina""#))

            let bad = try await client.form("/admin/users", ["username": "x y", "password": "short", "role": "viewer", "csrf_token": csrf], headers: headers)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("alert-error"))

            let role = try await client.form("/admin/users/nina/role", ["role": "viewer", "csrf_token": csrf], headers: headers)
            #expect(role.status == .seeOther)
            #expect(try env.services.database.user(named: "nina")?.role == .viewer)

            let key = try await client.form("/admin/api-keys", ["name": "robot", "role": "manager", "csrf_token": csrf], headers: headers)
            #expect(key.status == .created)
            #expect(key.text.contains("will not be shown again"))
            let stored = try #require(try env.services.database.apiKeys().first)
            #expect(key.text.contains(stored.prefix))
            let revoke = try await client.form("/admin/api-keys/\(stored.id)/revoke", ["csrf_token": csrf], headers: headers)
            #expect(revoke.status == .seeOther)
            #expect(try env.services.database.apiKeys().isEmpty)

            let delete = try await client.form("/admin/users/nina/delete", ["csrf_token": csrf], headers: headers)
            #expect(delete.status == .seeOther)
            #expect(try env.services.database.user(named: "nina") == nil)
        }
    }

    @Test func aPageViewRenewsAnExpiredSessionFromTheRefreshCookie() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let tokens = try await client.login("admin", TestEnvironment.adminPassword)
            let page = try await client.execute(
                uri: "/", method: .get, headers: cookieHeader(["orc_access": "expired.or.garbled", "orc_refresh": tokens.refresh_token]))
            #expect(page.status == .ok)
            #expect(page.cookieValue("orc_refresh") != nil)
            #expect(page.cookieValue("orc_refresh") != tokens.refresh_token)
            // API calls are never renewed in passing: the client refreshes explicitly.
            let api = try await client.execute(
                uri: "/api/v1/me", method: .get, headers: cookieHeader(["orc_access": "garbled", "orc_refresh": tokens.refresh_token]))
            #expect(api.status == .unauthorized)
        }
    }

    @Test func pagesOpenedTogetherShareOneRenewalAndKeepTheSession() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let tokens = try await client.login("admin", TestEnvironment.adminPassword)
            let stale = cookieHeader(["orc_access": "expired", "orc_refresh": tokens.refresh_token])
            async let first = client.execute(uri: "/", method: .get, headers: stale)
            async let second = client.execute(uri: "/account", method: .get, headers: stale)
            let (a, b) = try await (first, second)
            #expect(a.status == .ok)
            #expect(b.status == .ok)
            #expect(a.cookieValue("orc_refresh") == b.cookieValue("orc_refresh"))
            // The renewed session is alive: its refresh token still works.
            let renewed = try #require(a.cookieValue("orc_refresh"))
            #expect(try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(renewed)"}"#).status == .ok)
        }
    }

    @Test func renewedCookiesReachTheBrowserEvenOnAnErrorPage() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let tokens = try await client.login("admin", TestEnvironment.adminPassword)
            let missing = try await client.execute(
                uri: "/no/such/page", method: .get, headers: cookieHeader(["orc_access": "expired", "orc_refresh": tokens.refresh_token]))
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("admin"))
            #expect(missing.cookieValue("orc_refresh") != nil)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let out = try await client.form("/logout", ["csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            let after = try await client.execute(uri: "/", method: .get, headers: cookieHeader(cookies))
            #expect(after.status == .found)
        }
    }

    @Test func accountPageChangesThePassword() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let mismatch = try await client.form(
                "/account/password",
                ["current_password": TestEnvironment.adminPassword, "new_password": "new-secret-1", "confirm_password": "other", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatch.text.contains("do not match"))
            let changed = try await client.form(
                "/account/password",
                ["current_password": TestEnvironment.adminPassword, "new_password": "new-secret-1", "confirm_password": "new-secret-1", "csrf_token": csrf],
                headers: cookieHeader(cookies))
            #expect(changed.status == .seeOther)
            _ = try await client.login("admin", "new-secret-1")
        }
    }
}
