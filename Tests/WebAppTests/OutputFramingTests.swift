import Testing
@testable import ProcessKit
@testable import WebApp
import Orchestration

@Suite("Output framing and process figures", .timeLimit(.minutes(3)))
struct OutputFramingTests {
    @Test func aCharacterCutInTwoWaitsForItsOtherHalf() {
        let text = Array("añ€😀".utf8)  // 1 + 2 + 3 + 4 bytes
        #expect(UTF8Boundary.completePrefixLength(text) == text.count)
        #expect(UTF8Boundary.completePrefixLength(Array(text.prefix(2))) == 1, "ñ cut after its lead byte")
        #expect(UTF8Boundary.completePrefixLength(Array(text.prefix(5))) == 3, "€ cut after two of three bytes")
        #expect(UTF8Boundary.completePrefixLength(Array(text.prefix(9))) == 6, "😀 cut after three of four bytes")
        #expect(UTF8Boundary.completePrefixLength([]) == 0)
        #expect(UTF8Boundary.completePrefixLength([0x80, 0x80]) == 2, "stray continuation bytes are passed on")
    }

    @Test func procStatIsReadFromTheLastParenthesis() throws {
        // A command name with spaces and a ')' of its own; utime 150 and stime 50 ticks, rss 1000 pages.
        let fields = ["S", "42"] + Array(repeating: "0", count: 9) + ["150", "50"] + Array(repeating: "0", count: 6) + ["777", "0", "1000"]
        let line = "1234 (my (odd) prog) " + fields.joined(separator: " ")
        let entry = try #require(ProcessTable.parse(line))
        #expect(entry.parent == 42)
        #expect(entry.startTicks == 777)
        #expect(entry.usage.cpuSeconds == 200 / ProcessTable.ticksPerSecond)
        #expect(entry.usage.residentBytes == 1000 * ProcessTable.pageSize)
        #expect(ProcessTable.parse("garbage") == nil)
    }

    @Test func aProcessTreeSumsItsDescendants() throws {
        let own = try #require(ProcessTable.ownUsage())
        #expect(own.residentBytes > 0)
        let tree = try #require(ProcessTable().usage(ofTree: 1))
        #expect(tree.processes >= 2, "init and at least this test process")
    }
}

@Suite("Escape sequences split between output chunks", .timeLimit(.minutes(3)))
struct EscapeBoundaryTests {
    @Test func unfinishedSequencesWaitAndFinishedOnesPass() {
        let colour = Array("ok \u{1B}[31mred\u{1B}[0m".utf8)
        #expect(EscapeBoundary.completePrefixLength(colour) == colour.count)
        let cut = Array("ok \u{1B}[3".utf8)
        #expect(EscapeBoundary.completePrefixLength(cut) == 3, "held back from the ESC")
        #expect(EscapeBoundary.completePrefixLength(Array("x\u{1B}".utf8)) == 1)
        let title = Array("\u{1B}]0;title".utf8)
        #expect(EscapeBoundary.completePrefixLength(title) == 0, "an OSC waits for its BEL")
        #expect(EscapeBoundary.completePrefixLength(title + [0x07]) == title.count + 1)
        #expect(EscapeBoundary.completePrefixLength(Array("\u{1B}(B".utf8)) == 3)
        let runaway = Array("\u{1B}[".utf8) + Array(repeating: UInt8(ascii: "1"), count: 300)
        #expect(EscapeBoundary.completePrefixLength(runaway) == runaway.count, "a runaway sequence is not held forever")
    }
}
