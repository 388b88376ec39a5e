import Foundation

/// Turns argument lists into control-mode command lines that tmux parses back into exactly those arguments.
///
/// Control-mode lines are tmux config syntax: unquoted `~`, `{`, `#`, `;` and `$` mean something, and inside
/// double quotes `$` expands. Every argument therefore becomes single-quoted segments (where nothing is
/// interpreted, `'\''` standing for a quote), with control characters such as newline written as
/// double-quoted octal escapes (`"\012"`), all joined into one token. No line ever contains a raw newline
/// (which would end the command) and no line is empty (which would detach the client).
public enum TmuxQuoting {
    /// One argument, quoted.
    public static func quote(_ argument: String) -> String {
        var result = ""
        var segment = ""
        func flush() {
            guard !segment.isEmpty else { return }
            result += "'" + segment.replacingOccurrences(of: "'", with: "'\\''") + "'"
            segment = ""
        }
        for scalar in argument.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                flush()
                let octal = String(scalar.value, radix: 8)
                result += "\"\\" + String(repeating: "0", count: 3 - octal.count) + octal + "\""
            } else {
                segment.unicodeScalars.append(scalar)
            }
        }
        flush()
        return result.isEmpty ? "''" : result
    }

    /// A whole command (name and arguments) as one control-mode line, without the newline.
    public static func commandLine(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }
}
