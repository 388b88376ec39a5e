import Foundation

/// A plain-text UTF-8 message as it goes after `DATA`: the headers, a blank line, the body, every line ending in CRLF,
/// lines starting with a dot doubled (RFC 5321 §4.5.2), and the closing `.` line. A body over 64 KiB is cut, with a
/// note saying so; NUL characters are dropped; CR, LF and CRLF all end a line.
struct SMTPMessage: Sendable {
    /// How the body is written.
    enum TransferEncoding: String, Sendable {
        /// ASCII lines of at most 998 bytes.
        case sevenBit = "7bit"
        /// UTF-8 lines of at most 998 bytes, to a server that offers 8BITMIME.
        case eightBit = "8bit"
        /// Anything else.
        case base64
    }

    /// The most bytes of body sent (UTF-8, CRLF line ends); a longer body is cut to this size, note included.
    static let maxBodyBytes = 64 * 1024
    /// The last line of a body that was cut, after an empty line.
    static let truncationNote = "[message truncated]"
    /// The longest line RFC 5321 allows, CRLF excluded.
    static let maxLineBytes = 998

    let from: SMTPMailbox
    let to: SMTPMailbox
    let subject: String
    /// The body's lines, without line ends.
    let bodyLines: [String]
    let date: Date
    let messageID: String

    init(from: SMTPMailbox, to: SMTPMailbox, subject: String, body: String, date: Date = Date(), messageID: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.bodyLines = Self.bodyLines(of: body)
        self.date = date
        self.messageID = messageID ?? "<\(UUID().uuidString.lowercased())@\(from.domain)>"
    }

    /// 7bit for short ASCII lines; 8bit for short UTF-8 lines when the server takes 8BITMIME; base64 otherwise.
    func transferEncoding(eightBitAllowed: Bool) -> TransferEncoding {
        guard bodyLines.allSatisfy({ $0.utf8.count <= Self.maxLineBytes }) else { return .base64 }
        if bodyLines.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { return .sevenBit }
        return eightBitAllowed ? .eightBit : .base64
    }

    /// Everything sent after the server's 354, the closing `.` line included.
    func data(encoding: TransferEncoding) -> String {
        var lines = [
            "From: " + from.headerValue,
            "To: " + to.headerValue,
            "Subject: " + MailHeaderEncoding.unstructured(subject, headerName: "Subject"),
            "Date: " + MailHeaderEncoding.date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + encoding.rawValue,
            "",
        ]
        switch encoding {
        case .sevenBit, .eightBit:
            lines += bodyLines
        case .base64:
            let encoded = Array(Data(bodyLines.joined(separator: "\r\n").utf8).base64EncodedString().utf8)
            lines += stride(from: 0, to: encoded.count, by: 76).map { start in
                String(decoding: encoded[start..<min(start + 76, encoded.count)], as: UTF8.self)
            }
        }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// The lines of `body` as sent: NUL dropped, and cut (at a Unicode scalar boundary, with a note saying so) when
    /// with CRLF line ends they would take more than `maxBodyBytes`.
    static func bodyLines(of body: String) -> [String] {
        let lines = lines(of: String(String.UnicodeScalarView(body.unicodeScalars.filter { $0 != "\0" })))
        guard lines.reduce(0, { $0 + $1.utf8.count + 2 }) > maxBodyBytes else { return lines }
        let note = ["", truncationNote]
        var room = maxBodyBytes - note.reduce(0) { $0 + $1.utf8.count + 2 }
        var kept: [String] = []
        for line in lines {
            let size = line.utf8.count + 2
            guard size > room else {
                kept.append(line)
                room -= size
                continue
            }
            if room > 2 { kept.append(prefix(of: line, bytes: room - 2)) }
            break
        }
        return kept + note
    }

    /// The longest start of `line` of at most `bytes` UTF-8 bytes that ends between Unicode scalars.
    private static func prefix(of line: String, bytes: Int) -> String {
        var size = 0
        var end = line.unicodeScalars.startIndex
        for index in line.unicodeScalars.indices {
            size += line.unicodeScalars[index].utf8.count
            if size > bytes { break }
            end = line.unicodeScalars.index(after: index)
        }
        return String(line.unicodeScalars[..<end])
    }

    /// The lines of `text`, where CRLF, CR and LF each end a line; a final line end adds no empty line.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\r" || scalar == "\n" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(String(current)) }
        return lines
    }
}
