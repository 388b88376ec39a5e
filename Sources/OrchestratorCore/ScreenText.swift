/// Turns raw terminal output into plain text and picks out its last lines.
public enum ScreenText {
    /// Strips ANSI escape sequences (CSI such as colours and cursor moves, OSC such as window
    /// titles and hyperlinks, DCS/APC/PM strings, charset selects) and other control characters
    /// but tabs and newlines. `\r\n` becomes `\n`; a lone `\r` (a progress line redrawn in place)
    /// keeps only the text written after it, like a terminal would show.
    /// - Parameter raw: terminal output, possibly with escape sequences.
    /// - Returns: the text a person would read.
    public static func plain(_ raw: String) -> String {
        let scalars = Array(raw.unicodeScalars)
        var output = String.UnicodeScalarView()
        var line = String.UnicodeScalarView()
        var beforeReturn = String.UnicodeScalarView()
        func endLine() {
            output.append(contentsOf: line.isEmpty ? beforeReturn : line)
            line = String.UnicodeScalarView()
            beforeReturn = String.UnicodeScalarView()
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B:
                index = afterEscape(scalars, at: index)
                continue
            case 0x9B:
                index = afterControlSequence(scalars, from: index + 1)
                continue
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                index = afterControlString(scalars, from: index + 1)
                continue
            case 0x0A:
                endLine()
                output.append(scalar)
            case 0x0D:
                let nextIsNewline = index + 1 < scalars.count && scalars[index + 1].value == 0x0A
                if !nextIsNewline {
                    if !line.isEmpty { beforeReturn = line }
                    line = String.UnicodeScalarView()
                }
            case 0x09:
                line.append(scalar)
            case 0x00..<0x20, 0x7F..<0xA0:
                break
            default:
                line.append(scalar)
            }
            index += 1
        }
        endLine()
        return String(output)
    }

    /// The last `count` lines that hold more than whitespace, oldest first, without trailing whitespace.
    /// Scans backwards from the end, so a long scrollback costs nothing beyond the lines kept.
    /// - Parameters:
    ///   - text: plain text.
    ///   - count: how many lines to keep at most.
    public static func lastNonEmptyLines(_ text: String, count: Int) -> [Substring] {
        guard count > 0 else { return [] }
        let bytes = text.utf8
        var lines: [Substring] = []
        func keep(_ start: String.Index, _ end: String.Index) {
            var last = end
            while last > start {
                let previous = bytes.index(before: last)
                guard [0x20, 0x09, 0x0B, 0x0C, 0x0D].contains(bytes[previous]) else { break }
                last = previous
            }
            let line = text[start..<last]
            if !line.allSatisfy(\.isWhitespace) { lines.append(line) }
        }
        var end = bytes.endIndex
        var cursor = bytes.endIndex
        while cursor > bytes.startIndex, lines.count < count {
            let previous = bytes.index(before: cursor)
            if bytes[previous] == 0x0A {
                keep(cursor, end)
                end = previous
            }
            cursor = previous
        }
        if lines.count < count, cursor == bytes.startIndex { keep(bytes.startIndex, end) }
        return lines.reversed()
    }

    /// Index just past the escape sequence that starts with ESC at `start`.
    private static func afterEscape(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        let next = start + 1
        guard next < scalars.count else { return scalars.count }
        switch scalars[next] {
        case "[": return afterControlSequence(scalars, from: next + 1)
        case "]", "P", "X", "^", "_": return afterControlString(scalars, from: next + 1)
        case "(", ")", "*", "+", "-", ".", "/", "#", "%", " ": return min(next + 2, scalars.count)
        default: return next + 1
        }
    }

    /// Index just past a CSI sequence whose parameters begin at `start`.
    private static func afterControlSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            switch scalars[index].value {
            case 0x40...0x7E: return index + 1
            case 0x20...0x3F: index += 1
            default: return index  // malformed: keep the character
            }
        }
        return index
    }

    /// Index just past an OSC/DCS/APC/PM/SOS string (ended by BEL or ST) whose body begins at `start`.
    /// An unterminated string ends at the line's end so one broken sequence cannot swallow the screen.
    private static func afterControlString(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            switch scalars[index].value {
            case 0x07, 0x9C: return index + 1
            case 0x1B where index + 1 < scalars.count && scalars[index + 1] == "\\": return index + 2
            case 0x0A: return index
            default: index += 1
            }
        }
        return index
    }
}
