import Foundation
import Synchronization

/// One terminal's copy of a pane's raw output: chunks as tmux sent them, and a flag set when the reader fell so far
/// behind that chunks were dropped, or tmux paused the pane's output (the terminal then draws the screen afresh).
/// Chunks are numbered by the screen they follow: once the reader draws a fresh screen, the chunks still buffered
/// from before it are skipped, so nothing old is drawn over the new screen.
package final class TerminalTap: Sendable {
    /// Chunks a reader may hold before older ones are dropped.
    static let backlog = 512

    /// Output, with the number of the screen it follows.
    package struct Chunk: Sendable {
        package var epoch: Int
        package var bytes: [UInt8]
    }

    private struct State {
        var lagged = false
        var epoch = 0
    }

    package let id = UUID()
    package let pane: String
    package let output: AsyncStream<Chunk>
    let sink: AsyncStream<Chunk>.Continuation
    private let state = Mutex(State())

    init(pane: String) {
        self.pane = pane
        (output, sink) = AsyncStream.makeStream(of: Chunk.self, bufferingPolicy: .bufferingNewest(Self.backlog))
    }

    /// Hands over a chunk; notes when one had to be dropped.
    func deliver(_ bytes: [UInt8]) {
        let epoch = state.withLock { $0.epoch }
        if case .dropped = sink.yield(Chunk(epoch: epoch, bytes: bytes)) { state.withLock { $0.lagged = true } }
    }

    /// Output was lost before it reached this terminal (tmux paused the pane for a slow client): the reader is woken
    /// to draw the screen afresh.
    func lost() {
        let epoch = state.withLock { state in
            state.lagged = true
            return state.epoch
        }
        sink.yield(Chunk(epoch: epoch, bytes: []))
    }

    /// When the reader must draw the screen afresh (chunks were dropped or lost), a new screen number: chunks
    /// numbered below it came before that screen and are to be skipped. Nil when the reader is in step.
    package func resync() -> Int? {
        state.withLock { state in
            guard state.lagged else { return nil }
            state.lagged = false
            state.epoch += 1
            return state.epoch
        }
    }
}
