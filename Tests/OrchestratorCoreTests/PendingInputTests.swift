import OrchestratorCore
import Testing

@Suite("Is a pasted message still unsent at the cursor?", .timeLimit(.minutes(3)))
struct PendingInputTests {
    @Test func textBeforeTheCursorIsPending() {
        #expect(PendingInput.isPending("fix the parser", rows: ["worker up", "fix the parser"], cursorX: 14, cursorY: 1))
        #expect(PendingInput.isPending("fix the parser", rows: ["$ ls", "agent$ fix the parser   "], cursorX: 21, cursorY: 1))
        #expect(PendingInput.isPending("line one\nlast line", rows: ["> line one⏎last line"], cursorX: 21, cursorY: 0))
    }

    @Test func aSubmittedLineIsNot() {
        // Enter went: the cursor moved to the next, empty row.
        #expect(!PendingInput.isPending("fix the parser", rows: ["worker up", "fix the parser", ""], cursorX: 0, cursorY: 2))
        #expect(!PendingInput.isPending("fix the parser", rows: ["✓ fix the parser", "> "], cursorX: 2, cursorY: 1))
        #expect(!PendingInput.isPending("", rows: ["> "], cursorX: 2, cursorY: 0))
        #expect(!PendingInput.isPending("x", rows: [], cursorX: 0, cursorY: 3))
    }

    @Test func wrappedAndCollapsedInput() {
        let long = String(repeating: "a", count: 190) + " tail-of-message"
        let rows = [String(long.prefix(200)), String(long.dropFirst(200))]
        #expect(PendingInput.isPending(long, rows: rows, cursorX: rows[1].count, cursorY: 1))
        #expect(PendingInput.isPending("many\nlines", rows: ["│ > [Pasted text #1 +40 lines]          │"], cursorX: 33, cursorY: 0))
        // Codex draws each paste as a block, several on one composer row.
        let codex = "› [Pasted Content 1204 chars][Pasted Content 88 chars #2]"
        #expect(PendingInput.isPending("x", rows: ["", codex], cursorX: codex.count, cursorY: 1))
        #expect(PendingInput.isPending("x", rows: ["> [pasted 3 lines]"], cursorX: 18, cursorY: 0))
        #expect(!PendingInput.isPending("x", rows: ["[Pasted Content 1204 chars] was sent", "› "], cursorX: 2, cursorY: 1), "a placeholder above an empty composer was submitted")
    }
}
