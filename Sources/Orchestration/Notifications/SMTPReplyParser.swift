import NIOCore

/// Cuts the bytes a mail server sends into replies (RFC 5321 §4.2): each line a three-digit code, then `-` when more
/// lines follow, or a space (or nothing) on the last line. Lines end in CRLF (a bare LF is taken too). A line longer
/// than 4 KiB, a reply of more than 200 lines, or a line that is not a reply line is an error, so a hostile server
/// cannot make the client buffer without end.
struct SMTPReplyParser {
    static let maxLineLength = 4096
    static let maxLines = 200

    private var buffer = ByteBuffer()
    private var code: Int?
    private var lines: [String] = []

    /// Whether bytes of a reply not yet complete are held.
    var holdsData: Bool { buffer.readableBytes > 0 || !lines.isEmpty }

    /// Adds bytes read from the connection.
    mutating func append(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply, or nil until more bytes arrive.
    mutating func next() throws -> SMTPReply? {
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readableBytesView.startIndex
            guard length <= Self.maxLineLength, var bytes = buffer.readBytes(length: length) else {
                throw SMTPError("the mail server sent a reply line longer than \(Self.maxLineLength) bytes")
            }
            buffer.moveReaderIndex(forwardBy: 1)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            if let reply = try take(bytes) {
                buffer.discardReadBytes()
                return reply
            }
        }
        guard buffer.readableBytes <= Self.maxLineLength else {
            throw SMTPError("the mail server sent a reply line longer than \(Self.maxLineLength) bytes")
        }
        return nil
    }

    /// Takes one line; returns the reply when it was the last line of one.
    private mutating func take(_ line: [UInt8]) throws -> SMTPReply? {
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let lineCode = Int(String(decoding: digits, as: UTF8.self)), (200...599).contains(lineCode)
        else {
            throw SMTPError("the mail server sent something that is not an SMTP reply: \(Self.quoted(line))")
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPError("the mail server sent something that is not an SMTP reply: \(Self.quoted(line))")
        }
        if let code, code != lineCode {
            throw SMTPError("the mail server's reply mixed the codes \(code) and \(lineCode)")
        }
        code = lineCode
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard separator == UInt8(ascii: " ") else {
            guard lines.count < Self.maxLines else { throw SMTPError("the mail server sent a reply of more than \(Self.maxLines) lines") }
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }

    /// The start of a line, printable, for an error message.
    private static func quoted(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(80), as: UTF8.self)
        return "\"" + String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 })) + "\""
    }
}
