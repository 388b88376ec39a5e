import Foundation

/// Header text for a mail message (RFC 5322, RFC 2047): plain ASCII where it is safe, else UTF-8 encoded words
/// (`=?UTF-8?B?…?=`) folded onto continuation lines, and the RFC 5322 date.
enum MailHeaderEncoding {
    /// UTF-8 bytes per encoded word: 39 bytes make 52 base64 characters, 64 with the `=?UTF-8?B?` and `?=` around
    /// them, so every header line stays under 78 characters.
    static let bytesPerWord = 39

    /// An unstructured header's value (e.g. the subject) for a header named `name`: as it is when it is printable
    /// ASCII that fits on the header's line and can't be read as an encoded word, else encoded words.
    static func unstructured(_ text: String, headerName name: String) -> String {
        if isPlain(text), name.count + 2 + text.count <= 78 { return text }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// A display name: as it is when it is letters, digits, spaces and `atext` symbols; quoted when it is other
    /// printable ASCII; else encoded words.
    static func phrase(_ text: String) -> String {
        guard isPlain(text) else { return encodedWords(text).joined(separator: "\r\n ") }
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        if text.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || atext.contains($0) }) { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `text` as base64 encoded words, each holding whole Unicode scalars.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// The date as RFC 5322 writes it, in UTC: `Sat, 06 Dec 2025 10:51:00 +0000`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let weekday = days[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        let time = "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) \(time) +0000"
    }

    /// Printable ASCII (spaces included) that holds no `=?`, which a reader could take for the start of an encoded word.
    private static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } && !text.contains("=?")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
