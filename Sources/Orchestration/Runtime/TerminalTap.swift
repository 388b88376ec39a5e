import Foundation
import Synchronization

/// One terminal's copy of a pane's raw output: chunks as tmux sent them, and a flag set when the reader fell so far
/// behind that chunks were dropped (it then draws the screen afresh instead).
package final class TerminalTap: Sendable {
    /// Chunks a reader may hold before older ones are dropped.
    static let backlog = 512

    package let id = UUID()
    package let pane: String
    package let output: AsyncStream<[UInt8]>
    let sink: AsyncStream<[UInt8]>.Continuation
    private let lagged = Mutex(false)

    init(pane: String) {
        self.pane = pane
        (output, sink) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(Self.backlog))
    }

    /// Hands over a chunk; notes when one had to be dropped.
    func deliver(_ bytes: [UInt8]) {
        if case .dropped = sink.yield(bytes) { lagged.withLock { $0 = true } }
    }

    /// Whether chunks were dropped since the last call (and clears it).
    package func takeLagged() -> Bool {
        lagged.withLock { value in
            defer { value = false }
            return value
        }
    }
}
