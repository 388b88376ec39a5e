import Foundation
import Testing
@testable import TmuxKit

/// Real tmux on a private socket per test.
@Suite("tmux driver against a real tmux server", .timeLimit(.minutes(3)))
struct TmuxServerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/agents").path

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("orc-tmux-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func waitFor(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func sessionsWindowsAndCommandsThroughControlMode() async throws {
        let tmux = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        defer { Task { await tmux.killServer() } }
        let folder = try Self.scratch()
        let first = try await tmux.newSession("orc-p1", window: WindowSpec(name: "dev", directory: folder, environment: ["ORC_X": "1"], command: "sleep 30"))
        #expect(first.windowName == "dev")
        #expect(first.paneID.hasPrefix("%"))
        #expect(await tmux.hasSession("orc-p1"))
        #expect(await !tmux.hasSession("orc-p"))

        let second = try await tmux.newWindow(in: "orc-p1", WindowSpec(name: "tester", directory: folder, command: "sleep 30"))
        let panes = try await tmux.panes(in: "orc-p1")
        #expect(Set(panes.map(\.windowName)) == ["dev", "tester"])
        #expect(panes.first { $0.paneID == second.paneID }?.currentCommand == "sleep")

        await #expect(throws: TmuxError.self) { try await tmux.run(["no-such-command"], in: "orc-p1") }
        // The client keeps working after an error.
        #expect(try await tmux.run(["display-message", "-p", "#{session_name}"], in: "orc-p1") == ["orc-p1"])
        try await tmux.killWindow(second.windowID, in: "orc-p1")
        #expect(try await tmux.panes(in: "orc-p1").count == 1)
        try await tmux.killSession("orc-p1")
        #expect(await tmux.sessions().isEmpty)
    }

    @Test func pastedTextArrivesByteForByte() async throws {
        let tmux = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        defer { Task { await tmux.killServer() } }
        let records = try Self.scratch()
        let pane = try await tmux.newSession(
            "orc-paste",
            window: WindowSpec(name: "agent", directory: records, environment: ["RECORD_DIR": records], command: "\(Self.fixtures)/paste-recorder.py"))
        #expect(try await Self.waitFor { try await tmux.capture(pane: pane.paneID).contains("paste-recorder ready") })

        let nasty = "quotes ' \" `ticks` $(rm -rf /) ${HOME} ; | & -leading\nline two\ttab\n\\backslash %end 1 2 1\n"
            + "unicode é ü 漢字 🚀\n#{pane_id} ~ { } \u{1}\u{7f}"
        let big = String(repeating: "0123456789abcdef", count: 640) + "\nend"
        for (index, text) in [nasty, big, "-n", "x;"].enumerated() {
            try await tmux.paste(text, to: pane.paneID, in: "orc-paste")
            try await tmux.sendKeys(["Enter"], to: pane.paneID, in: "orc-paste")
            let file = records + "/paste-\(index + 1)"
            let submitted = records + "/submitted"
            #expect(try await Self.waitFor { ((try? String(contentsOfFile: submitted, encoding: .utf8)) ?? "").contains("\(index + 1)\n") })
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(text.utf8), "paste \(index + 1)")
        }
    }

    @Test func aPaneThatDiedAfterItsCheckIsNeverPastedInto() async throws {
        let tmux = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        defer { Task { await tmux.killServer() } }
        let records = try Self.scratch()
        let live = try await tmux.newSession(
            "orc-guard",
            window: WindowSpec(name: "agent", directory: records, environment: ["RECORD_DIR": records], command: "\(Self.fixtures)/paste-recorder.py"))
        #expect(try await Self.waitFor { try await tmux.capture(pane: live.paneID).contains("paste-recorder ready") })
        let dying = try await tmux.newWindow(
            in: "orc-guard", WindowSpec(name: "short", directory: records, command: "sh -c 'while [ ! -e stop ]; do sleep 0.05; done'"))
        // The caller's check said "alive"; the pane dies before the paste. tmux 3.3a would crash on a plain paste.
        #expect(try await tmux.paneIsDead(dying.paneID, in: "orc-guard") == false)
        let buffer = try await tmux.loadBuffer("never pasted", in: "orc-guard")
        _ = FileManager.default.createFile(atPath: records + "/stop", contents: Data())
        #expect(try await Self.waitFor { try await tmux.paneIsDead(dying.paneID, in: "orc-guard") })
        await #expect(throws: TmuxError.self) {
            try await tmux.pasteBuffer(buffer, to: dying.paneID, in: "orc-guard", dead: false, marking: "@orc-pasted", "1")
        }
        let sessions = await tmux.sessions()
        #expect(sessions.contains("orc-guard"), "the tmux server is still up")
        // A live pane gets the paste, and its marker says so.
        let text = try await tmux.loadBuffer("guarded paste", in: "orc-guard")
        try await tmux.pasteBuffer(text, to: live.paneID, in: "orc-guard", dead: false, marking: "@orc-pasted", "2")
        try await tmux.sendKeys(["Enter"], to: live.paneID, in: "orc-guard", marking: "@orc-entered", "2")
        #expect(try await Self.waitFor { (try? String(contentsOfFile: records + "/paste-1", encoding: .utf8)) == "guarded paste" })
        #expect(try await tmux.paneOptions(["@orc-pasted", "@orc-entered"], of: live.paneID, in: "orc-guard") == ["2", "2"])
    }

    @Test func paneOutputStreamsAsEvents() async throws {
        let tmux = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        defer { Task { await tmux.killServer() } }
        let pane = try await tmux.newSession("orc-out", window: WindowSpec(name: "sh", directory: try Self.scratch(), command: "cat"))
        let client = try await tmux.controlClient(for: "orc-out")
        try await tmux.paste("marker-123", to: pane.paneID, in: "orc-out")
        var seen = ""
        for await event in client.events {
            if case .output(let id, let bytes) = event, id == pane.paneID {
                seen += String(decoding: bytes, as: UTF8.self)
                if seen.contains("marker-123") { break }
            }
        }
        #expect(seen.contains("marker-123"))
    }

    @Test func aDeadProcessLeavesADeadPaneAndKillingTheServerDisconnects() async throws {
        let tmux = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        let pane = try await tmux.newSession("orc-dead", window: WindowSpec(name: "a", directory: try Self.scratch(), command: "sleep 30"))
        let quick = try await tmux.newWindow(in: "orc-dead", WindowSpec(name: "b", directory: try Self.scratch(), command: "true"))
        #expect(try await Self.waitFor { try await tmux.panes(in: "orc-dead").first { $0.paneID == quick.paneID }?.isDead == true })
        #expect(try await tmux.panes(in: "orc-dead").first { $0.paneID == pane.paneID }?.isDead == false)
        let client = try await tmux.controlClient(for: "orc-dead")
        await tmux.killServer()
        #expect(try await Self.waitFor { await client.isClosed })
        await #expect(throws: TmuxError.self) { try await client.run(["display-message", "-p", "x"]) }
    }
}
