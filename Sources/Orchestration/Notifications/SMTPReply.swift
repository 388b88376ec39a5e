import Foundation

/// One reply of the mail server: a three-digit code and the text of each of its lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable {
    /// The reply code, e.g. 250.
    let code: Int
    /// The text after the code on each line, in order.
    let lines: [String]

    /// The reply on one line for an error message: the code and the text, control characters replaced, at most
    /// 300 characters.
    var summary: String {
        let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        let printable = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
        let line = printable.isEmpty ? "\(code)" : "\(code) \(printable)"
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
