import Testing

@testable import Orchestration

@Suite("A terminal's copy of a pane's output: a reader that falls behind draws the screen afresh, and nothing older over it")
struct TerminalTapTests {
    @Test func aReaderThatFellBehindSkipsWhatCameBeforeItsFreshScreen() async {
        let tap = TerminalTap(pane: "%1")
        for index in 0..<(TerminalTap.backlog + 40) { tap.deliver(Array("old \(index)\n".utf8)) }
        var iterator = tap.output.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first != nil)
        let fresh = tap.resync()
        #expect(fresh == 1, "chunks were dropped: the reader must draw the screen afresh")
        #expect(tap.resync() == nil, "once")
        tap.deliver(Array("new\n".utf8))
        tap.sink.finish()
        var drawn: [String] = []
        var skipped = 0
        while let chunk = await iterator.next() {
            if chunk.epoch >= (fresh ?? 0) { drawn.append(String(decoding: chunk.bytes, as: UTF8.self)) } else { skipped += 1 }
        }
        #expect(drawn == ["new\n"], "only what came after the fresh screen is drawn")
        #expect(skipped == TerminalTap.backlog - 1, "the buffered older chunks are skipped")
    }

    @Test func outputTmuxDroppedWakesTheReaderToRedraw() async {
        let tap = TerminalTap(pane: "%2")
        tap.deliver(Array("a".utf8))
        #expect(tap.resync() == nil, "in step")
        tap.lost()
        tap.sink.finish()
        var chunks: [TerminalTap.Chunk] = []
        for await chunk in tap.output { chunks.append(chunk) }
        #expect(chunks.count == 2 && chunks[1].bytes.isEmpty, "an empty chunk wakes the reader")
        #expect(tap.resync() == 1, "and it redraws")
    }
}
