import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import WebApp
import Orchestration

@Suite("CSRF protection on cookie-authenticated writes", .timeLimit(.minutes(3)))
struct CSRFTests {
    /// Logs in through the page form and returns the cookies and the CSRF token of the admin page.
    static func browserSession(_ client: any TestClientProtocol) async throws -> (cookies: [String: String], csrf: String) {
        let login = try await client.form("/login", ["username": "admin", "password": TestEnvironment.adminPassword, "next": "/admin/users"])
        #expect(login.status == .seeOther)
        #expect(login.headers[.location] == "/admin/users")
        let cookies = ["orc_access": login.cookieValue("orc_access")!, "orc_refresh": login.cookieValue("orc_refresh")!]
        let page = try await client.execute(uri: "/admin/users", method: .get, headers: cookieHeader(cookies))
        #expect(page.status == .ok)
        return (cookies, try #require(csrfToken(inPage: page.text)))
    }

    @Test func cookieWritesNeedTheToken() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await Self.browserSession(client)
            var headers = cookieHeader(cookies)
            headers[.contentType] = "application/json"
            let body = #"{"username":"dora","password":"password-123","role":"viewer"}"#

            let without = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: .init(string: body))
            #expect(without.status == .forbidden)
            #expect(without.apiError?.code == "csrf_failed")
            #expect(try env.services.database.user(named: "dora") == nil)

            headers[.init("X-CSRF-Token")!] = "forged-token"
            let forged = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: .init(string: body))
            #expect(forged.status == .forbidden)

            headers[.init("X-CSRF-Token")!] = csrf
            let good = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: .init(string: body))
            #expect(good.status == .created)
        }
    }

    @Test func formsCarryTheTokenInAHiddenField() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let (cookies, csrf) = try await Self.browserSession(client)
            let fields = ["username": "erin", "password": "password-123", "role": "manager"]
            let refused = try await client.form("/admin/users", fields, headers: cookieHeader(cookies))
            #expect(refused.status == .forbidden)
            #expect(try env.services.database.user(named: "erin") == nil)
            let accepted = try await client.form("/admin/users", fields.merging(["csrf_token": csrf]) { $1 }, headers: cookieHeader(cookies))
            #expect(accepted.status == .seeOther)
            #expect(try env.services.database.user(named: "erin")?.role == .manager)
        }
    }

    @Test func bearerAndAPIKeyRequestsAreExempt() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let created = try await client.json(.post, "/api/v1/users", #"{"username":"fay","password":"password-123"}"#, token: token)
            #expect(created.status == .created)
            let key = try await client.json(.post, "/api/v1/api-keys", #"{"name":"ci","role":"admin"}"#, token: token)
            let secret = try #require(try key.decode([String: JSONValue].self)["key"])
            guard case .string(let keyText) = secret else { throw TestFailure("no key") }
            let viaKey = try await client.json(
                .post, "/api/v1/users", #"{"username":"gus","password":"password-123"}"#, headers: [.init("X-API-Key")!: keyText])
            #expect(viaKey.status == .created)
        }
    }
}
