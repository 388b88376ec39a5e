import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Testing
@testable import WebApp
import Orchestration

@Suite("Login, refresh, logout and token checks", .timeLimit(.minutes(3)))
struct AuthFlowTests {
    @Test func loginWithJSONReturnsTokensAndSetsStrictHttpOnlyCookies() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let response = try await client.json(.post, "/auth/login", #"{"username":"admin","password":"\#(TestEnvironment.adminPassword)"}"#)
            #expect(response.status == .ok)
            let tokens = try response.decode(TokenPair.self)
            #expect(tokens.token_type == "bearer")
            #expect(tokens.expires_in == 3600)
            #expect(tokens.access_token.split(separator: ".").count == 3)
            let access = try #require(response.setCookies["orc_access"])
            let refresh = try #require(response.setCookies["orc_refresh"])
            for cookie in [access, refresh] {
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                #expect(!cookie.contains("Secure"))
            }
            #expect(response.cookieValue("orc_access") == tokens.access_token)
            let me = try await client.json(.get, "/api/v1/me", token: tokens.access_token)
            #expect(me.status == .ok)
            #expect(me.text.contains(#""username":"admin""#))
        }
    }

    @Test func loginWithFormWorksAndCookiesAreSecureUnderTLS() async throws {
        let env = try await TestEnvironment.make { $0.server.tls = true }
        defer { env.cleanUp() }
        try await env.test { client in
            let response = try await client.form("/auth/login", ["username": "admin", "password": TestEnvironment.adminPassword])
            #expect(response.status == .ok)
            #expect(try response.decode(TokenPair.self).token_type == "bearer")
            #expect(response.setCookies["orc_access"]?.contains("Secure") == true)
            #expect(response.headers[.strictTransportSecurity] != nil)
        }
    }

    @Test func wrongPasswordAndUnknownUserGetTheSame401() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let wrong = try await client.json(.post, "/auth/login", #"{"username":"admin","password":"nope-nope"}"#)
            let unknown = try await client.json(.post, "/auth/login", #"{"username":"ghost","password":"nope-nope"}"#)
            for response in [wrong, unknown] {
                #expect(response.status == .unauthorized)
                #expect(response.apiError?.code == "unauthenticated")
                #expect(response.apiError?.message == "invalid username or password")
                #expect(response.setCookies.isEmpty)
            }
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheWholeFamily() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let first = try await client.login("admin", TestEnvironment.adminPassword)
            let rotated = try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(first.refresh_token)"}"#)
            #expect(rotated.status == .ok)
            let second = try rotated.decode(TokenPair.self)
            #expect(second.refresh_token != first.refresh_token)
            #expect(try await client.json(.get, "/api/v1/me", token: second.access_token).status == .ok)

            // Replaying the spent token is refused and ends the session for everyone holding its successors.
            let replay = try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(first.refresh_token)"}"#)
            #expect(replay.status == .unauthorized)
            #expect(replay.apiError?.message.contains("already used") == true)
            let successor = try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(second.refresh_token)"}"#)
            #expect(successor.status == .unauthorized)
            #expect(try await client.json(.get, "/api/v1/me", token: second.access_token).status == .unauthorized)
        }
    }

    @Test func crossSiteAndNonJSONLoginsAreRefused() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let body = #"{"username":"admin","password":"\#(TestEnvironment.adminPassword)"}"#
            let plain = try await client.json(.post, "/auth/login", nil, headers: [.contentType: "text/plain"])
            #expect(plain.status == .badRequest || plain.status == .unsupportedMediaType)
            let textBody = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "text/plain"], body: .init(string: body))
            #expect(textBody.status == .unsupportedMediaType)
            let crossSite = try await client.json(.post, "/auth/login", body, headers: [.init("Sec-Fetch-Site")!: "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(crossSite.setCookies.isEmpty)
            let foreignForm = try await client.form(
                "/login", ["username": "admin", "password": TestEnvironment.adminPassword], headers: [.origin: "https://evil.example"])
            #expect(foreignForm.status == .forbidden)
            #expect(foreignForm.setCookies.isEmpty)
        }
    }

    @Test func refreshWorksFromTheCookie() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let tokens = try await client.login("admin", TestEnvironment.adminPassword)
            let response = try await client.execute(
                uri: "/auth/refresh", method: .post, headers: cookieHeader(["orc_refresh": tokens.refresh_token]))
            #expect(response.status == .ok)
            // A refresh token that lives in the HttpOnly cookie is not handed to scripts in the body.
            #expect(!response.text.contains("refresh_token"))
            #expect(response.text.contains("access_token"))
            let renewed = try #require(response.cookieValue("orc_refresh"))
            #expect(renewed != tokens.refresh_token)
            #expect(try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(renewed)"}"#).status == .ok)
            let none = try await client.execute(uri: "/auth/refresh", method: .post)
            #expect(none.status == .unauthorized)
        }
    }

    @Test func logoutRevokesTheSessionAndClearsCookies() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let tokens = try await client.login("admin", TestEnvironment.adminPassword)
            let response = try await client.json(.post, "/auth/logout", #"{"refresh_token":"\#(tokens.refresh_token)"}"#)
            #expect(response.status == .ok)
            #expect(response.text.contains(#""logged_out":true"#))
            #expect(response.cookieValue("orc_access") == "")
            #expect(response.setCookies["orc_refresh"]?.contains("Max-Age=0") == true)
            // Both tokens stop working at once.
            #expect(try await client.json(.get, "/api/v1/me", token: tokens.access_token).status == .unauthorized)
            let refresh = try await client.json(.post, "/auth/refresh", #"{"refresh_token":"\#(tokens.refresh_token)"}"#)
            #expect(refresh.status == .unauthorized)
        }
    }

    @Test func expiredGarbledForeignAndUnsignedTokensAre401() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let valid = try await env.services.tokens.startSession(for: try #require(try env.services.database.user(named: "admin")))
        let header = try JSONDecoder().decode([String: String].self, from: Data(base64URL: String(valid.accessToken.split(separator: ".")[0]))!)
        let claims = try await env.services.tokens.keys.verify(valid.accessToken, as: AccessTokenClaims.self)

        var expiredClaims = claims
        expiredClaims.exp = ExpirationClaim(value: Date().addingTimeInterval(-60))
        let expired = try await env.services.tokens.keys.sign(expiredClaims, kid: JWKIdentifier(string: header["kid"]!))

        let otherKeys = JWTKeyCollection()
        await otherKeys.add(ecdsa: ES256PrivateKey(), kid: JWKIdentifier(string: header["kid"]!))
        let foreign = try await otherKeys.sign(claims, kid: JWKIdentifier(string: header["kid"]!))

        let parts = valid.accessToken.split(separator: ".")
        let noneHeader = Data(#"{"alg":"none","typ":"JWT","kid":"\#(header["kid"]!)"}"#.utf8).base64URLString
        let unsigned = "\(noneHeader).\(parts[1])."
        let tampered = "\(parts[0]).\(Data(#"{"sub":"1","role":"admin"}"#.utf8).base64URLString).\(parts[2])"

        try await env.test { client in
            #expect(try await client.json(.get, "/api/v1/me", token: valid.accessToken).status == .ok)
            for token in [expired, foreign, unsigned, tampered, "garbage", "a.b.c", ""] {
                let response = try await client.json(.get, "/api/v1/me", token: token)
                #expect(response.status == .unauthorized, "token \(token.prefix(20)) was accepted")
                #expect(response.apiError?.code == "unauthenticated")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let expiredAnswer = try await client.json(.get, "/api/v1/me", token: expired)
            #expect(expiredAnswer.apiError?.message == "access token has expired")
        }
    }

    @Test func deletedUsersTokensStopWorking() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("carol", role: .manager)
        try await env.test { client in
            let tokens = try await client.login("carol", "password-123")
            try env.services.users.delete(username: "carol", actor: "test")
            #expect(try await client.json(.get, "/api/v1/me", token: tokens.access_token).status == .unauthorized)
        }
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }

    var base64URLString: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
