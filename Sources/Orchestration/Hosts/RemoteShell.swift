import Foundation

/// Words for the remote shell: ssh joins its command's words with spaces and the far side's login shell parses the
/// result again, so every word sent to a host passes through ``quote(_:)`` (one function, tested with hostile names:
/// quotes, `$()`, backticks, `;`, newlines, a leading `-`, globs, empty words).
public enum RemoteShell {
    /// `word` as one POSIX shell word: kept as is when it holds only characters no shell treats specially (and does
    /// not start with `-` or `~`), else in single quotes with each `'` written as `'\''`.
    public static func quote(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", ",", ":", "@", "%", "+", "=": true
            default: false
            }
        }
        if plain, !word.isEmpty, !word.hasPrefix("-"), !word.hasPrefix("=") { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A command line whose words the remote shell reads back exactly as `argv`.
    public static func command(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }
}
