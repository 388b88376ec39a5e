import Foundation
import Storage
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Testing
@testable import WebApp
import Orchestration

@Suite("Every route declares and enforces its role", .timeLimit(.minutes(3)))
struct RoleMatrixTests {
    @Test func everyRegisteredRouteIsInTheCatalog() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let (router, catalog) = buildRouter(env.services)
        // The router prints parameters as `{name}`; the catalog keeps the `:name` they were registered with.
        let registered = Set(
            router.routes.map { route in
                "\(route.method.rawValue) " + "\(route.path)".replacing(/\{(\w+)\}/) { ":" + $0.output.1 }
            })
        let declared = Set(catalog.entries.map { "\($0.method) \($0.path)" })
        #expect(registered == declared)
        #expect(registered.count == catalog.entries.count, "a route was registered twice")
        #expect(registered.count >= 20)
    }

    @Test func everyRouteAnswersEachRoleAsDeclared() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let viewer = try await env.addUser("vera", role: .viewer)
        let manager = try await env.addUser("max", role: .manager)
        let admin = try #require(try env.services.database.user(named: "admin"))
        let (_, catalog) = buildRouter(env.services)
        let callers: [(name: String, user: User?)] = [("anonymous", nil), ("viewer", viewer), ("manager", manager), ("admin", admin)]

        try await env.test { client in
            for entry in catalog.entries {
                for caller in callers {
                    var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
                    if let user = caller.user {
                        // A fresh session per call: logout routes end the session they are called with.
                        let tokens = try await env.services.tokens.startSession(for: user)
                        headers[.authorization] = "Bearer \(tokens.accessToken)"
                    }
                    let uri = entry.path
                        .replacingOccurrences(of: ":username", with: caller.user?.username ?? "nobody")
                        .replacingOccurrences(of: ":id", with: "999999")
                    let body: ByteBuffer? = ["POST", "PATCH", "PUT"].contains(entry.method) ? ByteBuffer(string: "{}") : nil
                    let response = try await client.execute(
                        uri: uri, method: HTTPRequest.Method(entry.method)!, headers: headers, body: body)
                    let label = "\(entry) as \(caller.name) → \(response.status.code)"
                    let isPage = !(uri.hasPrefix("/api/") || uri.hasPrefix("/auth/") || uri.hasPrefix("/ws/") || uri == "/mcp")
                    switch (entry.access.minimumRole, caller.user) {
                    case (nil, _):
                        // Public routes check no role (login may still answer 401 to bad credentials).
                        #expect(response.status != .forbidden, "\(label)")
                    case (.some, nil):
                        if isPage {
                            #expect(response.status == .found, "\(label)")
                            #expect(response.headers[.location]?.hasPrefix("/login") == true, "\(label)")
                        } else {
                            #expect(response.status == .unauthorized, "\(label)")
                        }
                    case (.some(let required), .some(let user)):
                        if user.role.allows(required) {
                            #expect(![401, 403].contains(response.status.code), "\(label): \(response.text.prefix(200))")
                        } else {
                            #expect(response.status == .forbidden, "\(label)")
                        }
                    }
                    #expect(response.status.code < 500, "\(label)")
                }
            }
        }
    }

    @Test func viewerAndManagerAreRefusedAdminWritesAndNothingChanges() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.addUser("max", role: .manager)
        try await env.test { client in
            for name in ["vera", "max"] {
                let token = try await client.login(name, "password-123").access_token
                let create = try await client.json(.post, "/api/v1/users", #"{"username":"evil","password":"password-123","role":"admin"}"#, token: token)
                #expect(create.status == .forbidden)
                #expect(create.apiError?.code == "forbidden")
                let promote = try await client.json(.patch, "/api/v1/users/\(name)", #"{"role":"admin"}"#, token: token)
                #expect(promote.status == .forbidden)
                let others = try await client.json(.get, "/api/v1/users/admin", token: token)
                #expect(others.status == .forbidden)
            }
            #expect(try env.services.database.user(named: "evil") == nil)
            #expect(try env.services.database.user(named: "vera")?.role == .viewer)
            #expect(try env.services.database.user(named: "max")?.role == .manager)
        }
    }
}
