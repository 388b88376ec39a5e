import Foundation
import Testing
@testable import TmuxKit

/// Sessions addressed on another tmux server (`orc-remote@box`), as the orchestrator reaches a project's agents on an
/// SSH host: here the "other machine" is a second real tmux server on its own socket, reached through its own launcher
/// with a suffix (the SSH launcher differs only in the argv it builds, which the end-to-end tests cover against real
/// sshd hosts).
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
        await here.attach(other)
        let pane = try await here.newSession("orc-remote@box", window: WindowSpec(name: "dev", directory: folder, environment: ["ORC_X": "x"], command: "cat"))
        #expect(pane.paneID.hasSuffix("@box") && pane.paneID.hasPrefix("%"), "\(pane.paneID)")
        #expect(pane.session == "orc-remote@box")
        #expect(await here.hasSession("orc-remote@box"))
        #expect(await direct.hasSession("orc-remote"), "the session lives on the other server, under its own name")
        #expect(await here.sessions().isEmpty, "and not on this one")
        #expect(await !here.hasSession("orc-remote"))
        #expect(await !here.hasSession("orc-remote@elsewhere"), "an address no server was attached for is missing")
        // A session of the same name here is another session.
        let local = try await here.newSession("orc-remote", window: WindowSpec(name: "dev", directory: folder, command: "cat"))
        #expect(!local.paneID.contains("@") && local.session == "orc-remote")
        #expect(try await here.panes(in: "orc-remote@box").map(\.paneID) == [pane.paneID])
        #expect(try await here.panes(in: "orc-remote").map(\.paneID) == [local.paneID])

        // Output of the routed session's control client carries the suffix, as the monitor matches it.
        let client = try await here.controlClient(for: "orc-remote@box")
        let seen = Task {
            for await event in client.events {
                if case .output(let id, let bytes) = event, String(decoding: bytes, as: UTF8.self).contains("routed-hello") { return id }
            }
            return ""
        }
        try await here.paste("routed-hello", to: pane.paneID, in: "orc-remote@box")
        try await here.sendKeys(["Enter"], to: pane.paneID, in: "orc-remote@box", marking: "@orc-entered", "7")
        #expect(await seen.value == pane.paneID)
        #expect(try await here.paneOptions(["@orc-entered"], of: pane.paneID, in: "orc-remote@box") == ["7"])
        #expect(try await TmuxServerTests.waitFor { try await here.capture(pane: pane.paneID).contains("routed-hello") })
        #expect(try await here.geometry(pane: pane.paneID).columns == 200)
        #expect(try await !here.paneIsDead(pane.paneID, in: "orc-remote@box"))

        // A machine known not to answer fails at once, and works again when it answers.
        other.setOffline(true)
        #expect(await !here.hasSession("orc-remote@box"))
        await #expect(throws: TmuxError.self) { try await here.capture(pane: pane.paneID) }
        #expect(await here.hasSession("orc-remote"), "this machine's sessions are not affected")
        other.setOffline(false)
        #expect(await here.hasSession("orc-remote@box"))

        // Detached, the address answers as missing.
        await here.detach(suffix: "@box")
        #expect(await !here.hasSession("orc-remote@box"))
    }
}
