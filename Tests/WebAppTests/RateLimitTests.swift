import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import WebApp
import Orchestration

@Suite("Rate limits", .timeLimit(.minutes(3)))
struct RateLimitTests {
    @Test func failedLoginsPerUsernameAre429WithRetryAfter() async throws {
        let env = try await TestEnvironment.make {
            $0.security.loginFailuresPerUsername = 3
            $0.security.loginAttemptsPerMinute = 100
        }
        defer { env.cleanUp() }
        try await env.test { client in
            for _ in 0..<3 {
                #expect(try await client.json(.post, "/auth/login", #"{"username":"admin","password":"wrong-wrong"}"#).status == .unauthorized)
            }
            let limited = try await client.json(.post, "/auth/login", #"{"username":"admin","password":"\#(TestEnvironment.adminPassword)"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.apiError?.code == "rate_limited")
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter > 0)
            // Other usernames are not affected.
            _ = try await env.addUser("uma", role: .viewer)
            _ = try await client.login("uma", "password-123")
        }
    }

    @Test func guessesFromOneAddressNeverLockTheOwnerOutAndCurrentPasswordGuessesAreLimited() async throws {
        let env = try await TestEnvironment.make {
            $0.security.loginFailuresPerUsername = 3
            $0.security.loginAttemptsPerMinute = 100
            $0.server.trustForwardedFor = true
        }
        defer { env.cleanUp() }
        try await env.test { client in
            let guesser: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9"]
            for _ in 0..<3 {
                #expect(try await client.json(.post, "/auth/login", #"{"username":"admin","password":"wrong-wrong"}"#, headers: guesser).status == .unauthorized)
            }
            #expect(try await client.json(.post, "/auth/login", #"{"username":"admin","password":"wrong-wrong"}"#, headers: guesser).status == .tooManyRequests)
            // The owner, from their own address, signs in.
            let owner = try await client.json(
                .post, "/auth/login", #"{"username":"admin","password":"\#(TestEnvironment.adminPassword)"}"#, headers: [.init("X-Forwarded-For")!: "198.51.100.7"])
            #expect(owner.status == .ok)
            let token = try owner.decode(LoginAnswer.self).access_token
            // Guessing the current password through PATCH /users/{me} is limited like logins.
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await client.json(
                    .patch, "/api/v1/users/admin", #"{"password":"New-password-123","current_password":"guess-guess"}"#, token: token).status.code)
            }
            #expect(statuses == [422, 422, 422, 429])
        }
    }

    struct LoginAnswer: Decodable { var access_token: String }

    @Test func loginAttemptsPerAddressAreLimitedOnARealSocket() async throws {
        let env = try await TestEnvironment.make { $0.security.loginAttemptsPerMinute = 4 }
        defer { env.cleanUp() }
        try await env.testLive { client in
            var statuses: [Int] = []
            for index in 0..<6 {
                let response = try await client.json(.post, "/auth/login", #"{"username":"user\#(index)","password":"wrong-wrong"}"#)
                statuses.append(response.status.code)
            }
            #expect(statuses == [401, 401, 401, 401, 429, 429])
        }
    }

    @Test func apiRequestsPerIdentityAreLimited() async throws {
        let env = try await TestEnvironment.make { $0.security.rateLimitPerMinute = 5 }
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await env.services.tokens.startSession(for: try #require(try env.services.database.user(named: "admin"))).accessToken
            var statuses: [Int] = []
            for _ in 0..<7 { statuses.append(try await client.json(.get, "/api/v1/me", token: token).status.code) }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            let limited = try await client.json(.get, "/api/v1/me", token: token)
            #expect(limited.headers[.retryAfter] != nil)
            // Liveness is never limited.
            #expect(try await client.json(.get, "/api/v1/system/health", token: token).status == .ok)
        }
    }

    @Test func bucketsRefillOverTime() async {
        let limiter = RateLimiter(limit: 2, window: 60)
        let start = Date()
        #expect(await limiter.consume("k", now: start) == .allowed)
        #expect(await limiter.consume("k", now: start) == .allowed)
        #expect(await limiter.consume("k", now: start) == .limited(retryAfter: 30))
        #expect(await limiter.consume("k", now: start.addingTimeInterval(31)) == .allowed)
        #expect(await limiter.consume("other", now: start) == .allowed)
    }
}
