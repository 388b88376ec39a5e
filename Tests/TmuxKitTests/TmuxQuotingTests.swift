import Testing
@testable import TmuxKit

@Suite("Quoting and control-mode parsing", .timeLimit(.minutes(3)))
struct TmuxQuotingTests {
    @Test func argumentsAreSingleQuotedWithControlCharactersAsOctal() {
        #expect(TmuxQuoting.quote("plain") == "'plain'")
        #expect(TmuxQuoting.quote("") == "''")
        #expect(TmuxQuoting.quote("it's") == #"'it'\''s'"#)
        #expect(TmuxQuoting.quote("a\nb") == #"'a'"\012"'b'"#)
        #expect(TmuxQuoting.quote("$HOME ~ #{x} ; {") == "'$HOME ~ #{x} ; {'")
        #expect(!TmuxQuoting.commandLine(["set-buffer", "x\ny\n"]).contains("\n"))
    }

    @Test func repliesAreMatchedByNumberEvenWhenABodyLineLooksLikeAnEnd() {
        var parser = ControlModeParser()
        let stream = "%begin 1 263 0\n%end 1 263 0\n%session-changed $0 s\n%begin 2 270 1\nhello\n%end 2 999 1\nworld\n%end 2 270 1\n%begin 3 271 1\nbad\n%error 3 271 1\n"
        let events = parser.feed(Array(stream.utf8))
        #expect(events == [
            .reply(number: 263, lines: [], isError: false, fromClient: false),
            .notification(name: "session-changed", arguments: "$0 s"),
            .reply(number: 270, lines: ["hello", "%end 2 999 1", "world"], isError: false, fromClient: true),
            .reply(number: 271, lines: ["bad"], isError: true, fromClient: true),
        ])
    }

    @Test func outputIsUnescapedAndLinesMayArriveInPieces() {
        var parser = ControlModeParser()
        #expect(parser.feed(Array("%output %3 hi\\015\\012\\134x é".utf8)).isEmpty)
        let events = parser.feed(Array("\n%extended-output %4 12 : a\\033[0m\n%pause %4\n%unlinked-window-close @2\n%exit\n".utf8))
        #expect(events == [
            .output(paneID: "%3", bytes: Array("hi\r\n\\x é".utf8)),
            .output(paneID: "%4", bytes: Array("a\u{1b}[0m".utf8)),
            .paused(paneID: "%4"),
            .windowClosed(windowID: "@2"),
            .exit(reason: nil),
        ])
    }

    @Test func chunksNeverSplitACharacter() {
        let text = String(repeating: "é🚀a", count: 1000)
        let chunks = TmuxServer.chunks(of: text, maxUTF8: 100)
        #expect(chunks.joined() == text)
        #expect(chunks.allSatisfy { $0.utf8.count <= 100 })
    }
}
