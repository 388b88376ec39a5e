import Foundation
import NIOCore
import Orchestration

/// The fields of an `application/x-www-form-urlencoded` body. A repeated name keeps its last value.
///
/// Browsers send a textarea's line breaks as CRLF (the HTML form encoding says so); values keep plain `\n`
/// line breaks, so an agent reading lines gets no stray `\r` and no extra blank line.
struct FormFields: Sendable {
    private var values: [String: String] = [:]

    /// Parses `body`; malformed pairs are skipped.
    init(body: ByteBuffer) {
        let text = String(buffer: body)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    /// The value of `name`, if sent.
    subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        guard let value = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { return nil }
        guard value.utf8.contains(0x0D) else { return value }
        return value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
