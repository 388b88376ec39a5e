import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp

/// `/account` lists a person's sessions and ends them all at once.
@Suite("Account: sessions and signing out everywhere", .timeLimit(.minutes(3)))
struct AccountSessionsTests {
    @Test func everySessionIsListedAndEndsTogether() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            // A program signed in elsewhere, then this browser.
            let elsewhere = try await client.login("admin", TestEnvironment.adminPassword)
            // A key may not sign its owner out.
            let key = try await client.json(.post, "/api/v1/api-keys", #"{"name":"k","role":"viewer"}"#, token: elsewhere.access_token)
            let secret = try #require((try JSONSerialization.jsonObject(with: Data(key.text.utf8)) as? [String: Any])?["key"] as? String)
            let byKey = try await client.execute(uri: "/account/sessions/revoke", method: .post, headers: [.authorization: "Bearer \(secret)"])
            #expect(byKey.status == .forbidden)
            let (cookies, csrf) = try await CSRFTests.browserSession(client)
            let page = try await client.execute(uri: "/account", method: .get, headers: cookieHeader(cookies)).text
            #expect(page.components(separatedBy: "<tr><td>").count - 1 == 2, "both sessions are listed")
            #expect(page.components(separatedBy: "this browser").count - 1 == 1)

            let out = try await client.form("/account/sessions/revoke", ["csrf_token": csrf], headers: cookieHeader(cookies))
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            // The other session is over too: its access token and its refresh token are refused.
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(elsewhere.access_token)"])
            #expect(me.status == .unauthorized)
            let renewed = try await client.execute(
                uri: "/auth/refresh", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"refresh_token":"\#(elsewhere.refresh_token)"}"#))
            #expect(renewed.status == .unauthorized)
            #expect(try await client.execute(uri: "/account", method: .get, headers: cookieHeader(cookies)).status != .ok)
        }
    }
}
