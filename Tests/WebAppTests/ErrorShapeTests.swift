import Foundation
import OrchestratorCore
import Storage
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WebApp
import Orchestration

@Suite("Errors, headers and health", .timeLimit(.minutes(3)))
struct ErrorShapeTests {
    @Test func malformedJSONIs400AndBadFieldsAre422NamingThem() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let malformed = try await client.json(.post, "/api/v1/users", #"{"username": "#, token: token)
            #expect(malformed.status == .badRequest)
            #expect(malformed.apiError?.code == "bad_request")

            let notObject = try await client.json(.post, "/api/v1/users", #"[1,2]"#, token: token)
            #expect(notObject.status == .badRequest)

            let missing = try await client.json(.post, "/api/v1/users", #"{"username":"x"}"#, token: token)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.apiError?.code == "validation_failed")
            #expect(missing.apiError?.details?.fields?.map(\.field) == ["password"])

            let mistyped = try await client.json(.post, "/api/v1/users", #"{"username":5,"password":"password-1"}"#, token: token)
            #expect(mistyped.status == .unprocessableContent)
            #expect(mistyped.apiError?.details?.fields?.first?.field == "username")

            let invalid = try await client.json(.post, "/api/v1/users", #"{"username":"-bad name","password":"short","role":"king"}"#, token: token)
            #expect(invalid.status == .unprocessableContent)
            #expect(Set(invalid.apiError?.details?.fields?.map(\.field) ?? []) == ["username", "password", "role"])
            #expect(try env.services.database.userCount() == 1)
        }
    }

    @Test func unknownRoutesAre404InTheRightShape() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let api = try await client.json(.get, "/api/v1/nothing-here")
            #expect(api.status == .notFound)
            #expect(api.apiError?.code == "not_found")
            #expect(api.text.contains(#""details":null"#))

            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let page = try await client.execute(uri: "/no/such/page", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Page not found"))
        }
    }

    @Test func securityHeadersOnEveryKindOfResponse() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            for uri in ["/login", "/api/v1/system/health", "/api/v1/nothing", "/", "/static/css/app.css"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY", "\(uri)")
                #expect(response.headers[.init("X-XSS-Protection")!] == "0", "\(uri)")
                #expect(response.headers[.strictTransportSecurity] == nil, "HSTS without TLS on \(uri)")
            }
        }
    }

    @Test func staticFilesAreServedWithTheirTypes() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let css = try await client.execute(uri: "/static/css/app.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            let js = try await client.execute(uri: "/static/js/app.js", method: .get)
            #expect(js.status == .ok)
            #expect(js.headers[.contentType]?.contains("javascript") == true)
            #expect(try await client.execute(uri: "/static/nope.css", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/static/../Package.swift", method: .get).status != .ok)
        }
    }

    @Test func pagesHaveNoInlineScriptOrStyle() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            for uri in ["/login", "/", "/admin/users", "/account"] {
                let html = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]).text
                #expect(!html.contains("<script>"), "\(uri)")
                #expect(!html.contains("style="), "\(uri)")
                #expect(!html.contains("<style"), "\(uri)")
                #expect(!html.contains("onclick"), "\(uri)")
            }
        }
    }

    @Test func healthIsOpenAndReadyReportsItsChecks() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let health = try await client.execute(uri: "/api/v1/system/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.text.contains(#""status":"ok""#))
            let ready = try await client.execute(uri: "/api/v1/system/ready", method: .get)
            #expect(ready.status == .ok)
            for check in ["database", "migrations", "tmux", "git"] { #expect(ready.text.contains("\"\(check)\"")) }
        }
        let missing = ReadinessProbe(database: env.services.database, programs: ["tmux": ["tmux-that-does-not-exist", "-V"]])
        let checks = await missing.run()
        #expect(checks["tmux"]?.ok == false)
        #expect(checks["database"]?.ok == true)
    }

    @Test func readinessIs503WhenAProgramIsMissing() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let original = env.services!
        let services = AppServices(
            configuration: original.configuration, database: original.database, tokens: original.tokens, hasher: original.hasher,
            users: original.users, apiKeys: original.apiKeys, login: original.login, csrf: original.csrf, cookies: original.cookies,
            pages: original.pages, apiLimiter: original.apiLimiter,
            readiness: ReadinessProbe(database: original.database, programs: ["git": ["git-missing-for-test"]]),
            publicFolder: original.publicFolder, startedAt: original.startedAt, runtime: original.runtime,
            intelligence: original.intelligence, metrics: original.metrics)
        let app = Application(router: buildRouter(services).router)
        try await app.test(.router) { client in
            let ready = try await client.execute(uri: "/api/v1/system/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.text.contains(#""missing":["git"]"#))
        }
    }
}
