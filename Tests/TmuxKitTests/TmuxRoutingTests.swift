import Foundation
import Testing
@testable import TmuxKit

/// A session routed to another tmux server, as the orchestrator routes a project on an SSH host: here the "other
/// machine" is a second real tmux server on its own socket, reached through its own launcher with a pane suffix
/// (the SSH launcher differs only in the argv it builds, which the end-to-end tests cover against real sshd hosts).
@Suite("Sessions routed to another tmux server", .timeLimit(.minutes(2)))
struct TmuxRoutingTests {
    @Test func everyCallAboutARoutedSessionGoesToItsServerWithQualifiedPaneIDs() async throws {
        let here = TmuxServer(socket: "orc-test-\(UUID().uuidString.prefix(8))")
        let otherSocket = "orc-test-\(UUID().uuidString.prefix(8))"
        let other = TmuxServer(
            socket: otherSocket,
            launcher: TmuxLauncher(paneSuffix: "@box") { ["/usr/bin/env", "tmux"] + TmuxLauncher.arguments(socket: otherSocket) + $0 })
        let direct = TmuxServer(socket: otherSocket)
        defer {
            Task {
                await here.killServer()
                await direct.killServer()
            }
        }
        let folder = try TmuxServerTests.scratch()
        await here.route(session: "orc-remote", to: other)
        let pane = try await here.newSession("orc-remote", window: WindowSpec(name: "dev", directory: folder, environment: ["ORC_X": "x"], command: "cat"))
        #expect(pane.paneID.hasSuffix("@box") && pane.paneID.hasPrefix("%"), "\(pane.paneID)")
        #expect(await here.hasSession("orc-remote"))
        #expect(await direct.hasSession("orc-remote"), "the session lives on the other server")
        #expect(await here.sessions().isEmpty, "and not on this one")
        #expect(try await here.panes(in: "orc-remote").map(\.paneID) == [pane.paneID])

        // Output of the routed session's control client carries the suffix, as the monitor matches it.
        let client = try await here.controlClient(for: "orc-remote")
        let seen = Task {
            for await event in client.events {
                if case .output(let id, let bytes) = event, String(decoding: bytes, as: UTF8.self).contains("routed-hello") { return id }
            }
            return ""
        }
        try await here.paste("routed-hello", to: pane.paneID, in: "orc-remote")
        try await here.sendKeys(["Enter"], to: pane.paneID, in: "orc-remote", marking: "@orc-entered", "7")
        #expect(await seen.value == pane.paneID)
        #expect(try await here.paneOptions(["@orc-entered"], of: pane.paneID, in: "orc-remote") == ["7"])
        #expect(try await TmuxServerTests.waitFor { try await here.capture(pane: pane.paneID).contains("routed-hello") })
        #expect(try await here.geometry(pane: pane.paneID).columns == 200)
        #expect(try await !here.paneIsDead(pane.paneID, in: "orc-remote"))

        // A machine known not to answer fails at once, and works again when it answers.
        other.setOffline(true)
        #expect(await !here.hasSession("orc-remote"))
        await #expect(throws: TmuxError.self) { try await here.capture(pane: pane.paneID) }
        other.setOffline(false)
        #expect(await here.hasSession("orc-remote"))

        // Unrouted, the name means this server's session again.
        await here.route(session: "orc-remote", to: nil)
        #expect(await !here.hasSession("orc-remote"))
    }
}
