import Foundation
import GitKit
import HTTPTypes
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Git workspace API on real repositories", .timeLimit(.minutes(3)))
struct GitAPITests {
    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func project(_ client: any TestClientProtocol, _ env: TestEnvironment, _ token: String) async throws -> ProjectResponse {
        try await ProjectLifecycleTests.create(client, env, token: token, name: "Repo", extra: #","team_composition":["developer","tester"]"#)
    }

    @Test func statusCommitLogDiffBranchesAndMerge() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.project(client, env, token)
            let developer = project.agents[0]
            // The stand-in records its briefing in its worktree; let that finish first, so the second commit
            // below finds nothing new rather than the record of a late briefing.
            #expect(await eventually { FileManager.default.fileExists(atPath: developer.worktreePath + "/submitted") })
            try Self.write("func cart() {}\n", to: developer.worktreePath + "/Cart.swift")

            let status = try await client.json(.get, "/api/v1/projects/repo/git/status?agent=developer", token: token)
            #expect(status.status == .ok)
            #expect(status.text.contains(#""path":"Cart.swift""#))
            #expect(status.text.contains(#""uncommitted_changes":true"#), "a new, untracked file is uncommitted work")
            #expect(status.text.contains(#""branch":"orc\/repo\/developer""#))

            let commit = try await client.json(.post, "/api/v1/projects/repo/git/commit", #"{"message":"-rf Add cart; $(x)","agent":"developer"}"#, token: token)
            #expect(commit.status == .created)
            #expect(commit.text.contains(#""author":"admin""#))
            let again = try await client.json(.post, "/api/v1/projects/repo/git/commit", #"{"message":"nothing","agent":"developer"}"#, token: token)
            #expect(again.status == .conflict)
            #expect(again.apiError?.code == "nothing_to_commit")

            let log = try await client.json(.get, "/api/v1/projects/repo/git/log?agent=developer&limit=5", token: token)
            #expect(log.text.contains("-rf Add cart; $(x)"))
            let branches = try await client.json(.get, "/api/v1/projects/repo/git/branches", token: token)
            #expect(branches.text.contains(#""name":"orc\/repo\/developer""#))
            #expect(branches.text.contains(#""ahead":1"#))

            try Self.write("func cart() { print(1) }\n", to: developer.worktreePath + "/Cart.swift")
            let diff = try await client.json(.get, "/api/v1/projects/repo/git/diff?agent=developer", token: token)
            #expect(diff.text.contains(#""path":"Cart.swift""#))
            #expect(diff.text.contains("+func cart() { print(1) }"))
            _ = try await client.json(.post, "/api/v1/projects/repo/git/commit", #"{"message":"Print","agent":"developer","paths":["Cart.swift"]}"#, token: token)

            let merged = try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer"}"#, token: token)
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(merged.text.contains(#""merged":true"#))
            #expect(FileManager.default.fileExists(atPath: project.projectPath + "/Cart.swift"))
            let baseLog = try await GitRepository(path: project.projectPath).log("main", limit: 5).map(\.message)
            #expect(baseLog.first == "Merge orc/repo/developer")

            // Commits the agents make themselves are noticed from their branch heads, and everything is an event.
            let tester = project.agents[1]
            try Self.write("test\n", to: tester.worktreePath + "/Tests.swift")
            _ = try await GitRepository(path: tester.worktreePath).commit(message: "Tester's own commit", author: GitAuthor(name: "tester", email: "t@x"))
            #expect(await eventually {
                let events = (try? await client.json(.get, "/api/v1/projects/repo/events?type=git_event", token: token).text) ?? ""
                return events.contains("Tester's own commit")
            })
            let events = try await client.json(.get, "/api/v1/projects/repo/events?type=git_event", token: token).text
            #expect(events.contains(#""event":"merge""#))
            #expect(events.contains(#""event":"commit""#))
            #expect(events.contains(#""branch":"orc\/repo\/tester""#))
            // A commit made through the API is reported once, not again by the branch watcher.
            #expect(events.components(separatedBy: #""message":"Print""#).count == 2)
        }
    }

    @Test func conflictsAreDataAndEachResolutionWorks() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.project(client, env, token)
            let (developer, tester) = (project.agents[0], project.agents[1])

            /// Both agents change SPEC.md differently and commit; the developer's branch is merged first.
            func collide(_ round: Int) async throws {
                try Self.write("developer \(round)\n", to: developer.worktreePath + "/SPEC.md")
                try Self.write("tester \(round)\n", to: tester.worktreePath + "/SPEC.md")
                for agent in ["developer", "tester"] {
                    // Only SPEC.md: the stand-in agents keep their records (paste-N) in their worktrees.
                    let response = try await client.json(.post, "/api/v1/projects/repo/git/commit", #"{"message":"round \#(round)","agent":"\#(agent)","paths":["SPEC.md"]}"#, token: token)
                    #expect(response.status == .created)
                }
                #expect(try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer"}"#, token: token).status == .ok)
                let conflict = try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"tester"}"#, token: token)
                #expect(conflict.status == .conflict)
                #expect(conflict.apiError?.code == "merge_conflict")
                #expect(conflict.text.contains(#""conflicts":["SPEC.md"]"#))
            }

            try await collide(1)
            let status = try await client.json(.get, "/api/v1/projects/repo/git/status", token: token)
            #expect(status.text.contains(#""conflicts":["SPEC.md"]"#))
            #expect(status.text.contains(#""merge_in_progress":true"#))
            let blocked = try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer"}"#, token: token)
            #expect(blocked.apiError?.code == "merge_in_progress")
            let theirs = try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"theirs"}"#, token: token)
            #expect(theirs.text.contains(#""resolved":true"#))
            #expect(try String(contentsOfFile: project.projectPath + "/SPEC.md", encoding: .utf8) == "tester 1\n")

            // The agents catch up with main before the next round.
            for agent in [developer, tester] {
                _ = try await GitCommandRunner().run(["merge", "--no-edit", "-q", "main"], in: agent.worktreePath)
            }
            try await collide(2)
            _ = try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"ours"}"#, token: token)
            #expect(try String(contentsOfFile: project.projectPath + "/SPEC.md", encoding: .utf8) == "developer 2\n")

            for agent in [developer, tester] {
                _ = try await GitCommandRunner().run(["merge", "--no-edit", "-q", "main"], in: agent.worktreePath)
            }
            try await collide(3)
            let escape = try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"manual","contents":{"../../outside":"x"}}"#, token: token)
            #expect(escape.status == .unprocessableContent)
            let manual = try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"manual","contents":{"SPEC.md":"both 3\n"}}"#, token: token)
            #expect(manual.text.contains(#""resolved":true"#), "\(manual.text)")
            #expect(try String(contentsOfFile: project.projectPath + "/SPEC.md", encoding: .utf8) == "both 3\n")

            for agent in [developer, tester] {
                _ = try await GitCommandRunner().run(["merge", "--no-edit", "-q", "main"], in: agent.worktreePath)
            }
            try await collide(4)
            let abort = try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"abort"}"#, token: token)
            #expect(try await client.json(.get, "/api/v1/projects/repo/git/status", token: token).text.contains(#""merge_in_progress":false"#))
            // A conflicted squash merge (which leaves no MERGE_HEAD) is also seen and can be aborted.
            let squash = try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"tester","strategy":"squash"}"#, token: token)
            #expect(squash.apiError?.code == "merge_conflict")
            #expect(try await client.json(.get, "/api/v1/projects/repo/git/status", token: token).text.contains(#""merge_in_progress":true"#))
            #expect(try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"abort"}"#, token: token).text.contains(#""aborted":true"#))
            #expect(abort.text.contains(#""aborted":true"#))
            #expect(try String(contentsOfFile: project.projectPath + "/SPEC.md", encoding: .utf8) == "developer 4\n")
            #expect(try await client.json(.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"ours"}"#, token: token).apiError?.code == "no_merge_in_progress")
        }
    }

    @Test func pushesGoToARemoteAndRefusalsCarryGitsReason() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.project(client, env, token)
            let noRemote = try await client.json(.post, "/api/v1/projects/repo/git/push", #"{}"#, token: token)
            #expect(noRemote.status == .unprocessableContent)
            #expect(noRemote.apiError?.details?.fields?.first?.field == "remote")

            let bare = env.dataDir + "/remote.git"
            let runner = GitCommandRunner()
            _ = try await runner.run(["init", "--bare", "-q", bare], in: env.dataDir)
            _ = try await runner.run(["remote", "add", "origin", bare], in: project.projectPath)
            let pushed = try await client.json(.post, "/api/v1/projects/repo/git/push", #"{"agent":"developer"}"#, token: token)
            #expect(pushed.status == .ok, "\(pushed.text)")
            #expect(pushed.text.contains(#""branch":"orc\/repo\/developer""#))
            #expect(try await client.json(.post, "/api/v1/projects/repo/git/push", #"{}"#, token: token).status == .ok)

            // Someone else moves main on the remote: our push is no longer a fast-forward.
            let other = env.dataDir + "/other"
            _ = try await runner.run(["clone", "-q", "-b", "main", bare, other], in: env.dataDir)
            try Self.write("elsewhere\n", to: other + "/ELSEWHERE.md")
            _ = try await GitRepository(path: other).commit(message: "Elsewhere", author: .orchestrator)
            _ = try await runner.run(["push", "-q", "origin", "main"], in: other)
            try Self.write("here\n", to: project.projectPath + "/HERE.md")
            _ = try await client.json(.post, "/api/v1/projects/repo/git/commit", #"{"message":"Here"}"#, token: token)
            let rejected = try await client.json(.post, "/api/v1/projects/repo/git/push", #"{}"#, token: token)
            #expect(rejected.status == .conflict)
            #expect(rejected.apiError?.code == "push_rejected")
            #expect(rejected.apiError?.message.contains("rejected") == true || rejected.apiError?.message.contains("fetch first") == true)
        }
    }

    @Test func optionLikeInputsAreDataAndBadOnesAreRefused() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await Self.project(client, env, token)
            let cases: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/api/v1/projects/repo/git/merge", #"{"source":"--upload-pack=touch /tmp/x"}"#, "source"),
                (.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer","target":"-b"}"#, "target"),
                (.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer","strategy":"octopus"}"#, "strategy"),
                (.post, "/api/v1/projects/repo/git/commit", #"{"message":"x","paths":["../../etc/passwd"]}"#, "paths"),
                (.post, "/api/v1/projects/repo/git/commit", #"{"message":"  "}"#, "message"),
                (.post, "/api/v1/projects/repo/git/push", #"{"remote":"--receive-pack=evil"}"#, "remote"),
                (.post, "/api/v1/projects/repo/git/push", #"{"branch":"a..b"}"#, "branch"),
                (.get, "/api/v1/projects/repo/git/log?branch=-p", "", "branch"),
                (.post, "/api/v1/projects/repo/git/resolve", #"{"strategy":"yolo"}"#, "strategy"),
            ]
            for (method, uri, body, field) in cases {
                let response = try await client.json(method, uri, body.isEmpty ? nil : body, token: token)
                #expect(response.status == .unprocessableContent, "\(uri) \(body): \(response.status)")
                #expect(response.apiError?.details?.fields?.contains { $0.field == field } == true, "\(uri) \(body): \(response.text)")
            }
            #expect(!FileManager.default.fileExists(atPath: "/tmp/x"))
            #expect(try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"no-such-branch"}"#, token: token).status == .notFound)
            #expect(try await client.json(.get, "/api/v1/projects/repo/git/status?agent=ghost", token: token).status == .notFound)

            // A dirty project checkout refuses merges; viewers may look but not change anything.
            try Self.write("dirty\n", to: project.projectPath + "/SPEC.md")
            let dirty = try await client.json(.post, "/api/v1/projects/repo/git/merge", #"{"source":"developer"}"#, token: token)
            #expect(dirty.apiError?.code == "dirty_worktree")
            let viewer = try await client.login("vera", "password-123").access_token
            #expect(try await client.json(.get, "/api/v1/projects/repo/git/status", token: viewer).status == .ok)
            for uri in ["commit", "merge", "resolve", "push"] {
                #expect(try await client.json(.post, "/api/v1/projects/repo/git/\(uri)", #"{"message":"x","source":"developer","strategy":"ours"}"#, token: viewer).status == .forbidden)
            }
        }
    }
}
