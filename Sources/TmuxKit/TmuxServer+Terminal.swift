import Foundation

extension TmuxServer {
    /// A pane's size and cursor.
    public struct PaneGeometry: Sendable, Equatable {
        public var columns: Int
        public var rows: Int
        public var cursorX: Int
        public var cursorY: Int
    }

    /// The pane's size and where its cursor is.
    public func geometry(pane: String) async throws -> PaneGeometry {
        if let remote = routed(pane: pane) { return try await remote.geometry(pane: pane) }
        let line = try await runProcess(["display-message", "-p", "-t", launcher.bare(pane), "#{pane_width} #{pane_height} #{cursor_x} #{cursor_y}"])
        let numbers = line.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count == 4 else { throw TmuxError.commandFailed(command: "display-message", message: "unexpected answer \(line)") }
        return PaneGeometry(columns: numbers[0], rows: numbers[1], cursorX: numbers[2], cursorY: numbers[3])
    }

    /// The visible screen with its colours and attributes as escape sequences (`capture-pane -e`), row by row.
    public func styledScreen(pane: String) async throws -> [String] {
        if let remote = routed(pane: pane) { return try await remote.styledScreen(pane: pane) }
        var rows = try await runProcess(["capture-pane", "-p", "-e", "-t", launcher.bare(pane)]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last == "" { rows.removeLast() }
        return rows
    }

    /// Types exact bytes into a pane (`send-keys -H`): no key names, no text interpretation.
    public func sendBytes(_ bytes: [UInt8], to pane: String, in session: String) async throws {
        guard !bytes.isEmpty else { return }
        if case let (remote, session)? = routed(session) { return try await remote.sendBytes(bytes, to: pane, in: session) }
        let pane = launcher.bare(pane)
        // One command per 512 bytes keeps each command line short.
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 512)
            let hex = bytes[start..<end].map { String($0, radix: 16) }
            try await run(["send-keys", "-H", "-t", pane] + hex, in: session)
            start = end
        }
    }
}
