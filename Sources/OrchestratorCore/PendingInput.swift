import Foundation

/// Reads a pane after an Enter (or a crash): is a pasted message still sitting, unsent, where the cursor is?
///
/// Programs show what was typed or pasted at their input line (a shell or a cooked terminal echoes it, TUIs draw
/// it in their input box, pastes as placeholders: Claude Code's `[Pasted text #1 +12 lines]`, Codex's
/// `[Pasted Content 1234 chars]`, any `[Pasted …]`) and keep the cursor right after it until Enter. So the text
/// before the cursor — with the row above, in case the line wrapped — ending with the message's last line, or with
/// a placeholder, means the Enter has not taken. A program that shows nothing of its input tells nothing here.
public enum PendingInput {
    /// Characters of the message's last line compared with the screen.
    static let tailLength = 24

    /// Whether `text` sits unsent at the cursor.
    /// - Parameters:
    ///   - text: the message that was being pasted.
    ///   - rows: the visible screen, one element per row, as drawn.
    ///   - cursorX: the cursor's column.
    ///   - cursorY: the cursor's row.
    public static func isPending(_ text: String, rows: [String], cursorX: Int, cursorY: Int) -> Bool {
        guard cursorY >= 0, cursorY < rows.count else { return false }
        let row = rows[cursorY]
        // A cursor at the start of its row has nothing typed before it: the Enter went (or nothing was typed).
        guard cursorX > 0 else { return false }
        let beforeCursor = String(row.prefix(cursorX))
        let above = cursorY > 0 ? rows[cursorY - 1] : ""
        let candidate = trimmedEnd(above + beforeCursor)
        if candidate.range(of: #"\[Pasted[^\]\[]*\]$"#, options: [.regularExpression, .caseInsensitive]) != nil { return true }
        guard let lastLine = text.split(whereSeparator: \.isNewline).last.map({ trimmedEnd(String($0)) }), !lastLine.isEmpty
        else { return false }
        let tail = String(lastLine.suffix(tailLength))
        return candidate.hasSuffix(tail)
    }

    private static func trimmedEnd(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result)
    }
}
