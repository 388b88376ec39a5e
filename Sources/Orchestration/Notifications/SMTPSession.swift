import Foundation
import NIOCore
import NIOSSL

/// The conversation with a mail server over an open connection, one step after another (RFC 5321, RFC 3207,
/// RFC 4954): the greeting, EHLO (HELO when EHLO is not understood), STARTTLS and EHLO again, AUTH, MAIL FROM,
/// RCPT TO, DATA and the message, QUIT.
struct SMTPSession {
    let connection: SMTPConnection
    let settings: SMTPSettings
    /// TLS to start after STARTTLS; nil unless the settings ask for STARTTLS.
    let startTLS: NIOSSLContext?
    /// The name the server's certificate must carry; nil when the host is an IP address (then the certificate must
    /// carry that address).
    let serverHostname: String?

    /// Hands `message` to the mail server.
    func deliver(_ message: SMTPMessage) async throws {
        try expect(await connection.reply(to: "the greeting"), [220], "the connection")
        let name = Self.clientName(for: connection.channel.localAddress)
        var capabilities = try await hello(as: name)
        if let startTLS {
            guard capabilities.startTLS else {
                throw SMTPError("the mail server does not offer STARTTLS, so the connection could not be encrypted")
            }
            try expect(await connection.command("STARTTLS", step: "STARTTLS"), [220], "STARTTLS")
            do {
                try await connection.startTLS(startTLS, serverHostname: serverHostname)
            } catch {
                throw SMTPReplyReader.describe(error)
            }
            capabilities = try await hello(as: name)
        }
        if let username = settings.username {
            try await authenticate(username: username, password: settings.password ?? "", offered: capabilities.authMechanisms)
        }
        let encoding = message.transferEncoding(eightBitAllowed: capabilities.eightBitMIME)
        let bodyParameter = encoding == .eightBit ? " BODY=8BITMIME" : ""
        try expect(await connection.command("MAIL FROM:<\(message.from.address)>\(bodyParameter)", step: "MAIL FROM"), [250], "MAIL FROM")
        try expect(await connection.command("RCPT TO:<\(message.to.address)>", step: "RCPT TO"), [250, 251], "RCPT TO")
        try expect(await connection.command("DATA", step: "DATA"), [354], "DATA")
        try await connection.write(message.data(encoding: encoding), step: "the message")
        try expect(await connection.reply(to: "the message"), [250], "the message")
        // The message is taken; a server that hangs up instead of answering QUIT changes nothing.
        _ = try? await connection.command("QUIT", step: "QUIT")
    }

    /// EHLO, or HELO when the server does not understand EHLO; what the server offers.
    private func hello(as name: String) async throws -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(name)", step: "EHLO")
        if reply.code == 250 { return SMTPCapabilities(ehlo: reply) }
        guard (500...504).contains(reply.code) || reply.code == 550 else {
            try expect(reply, [250], "EHLO")
            return SMTPCapabilities()
        }
        try expect(await connection.command("HELO \(name)", step: "HELO"), [250], "HELO")
        return SMTPCapabilities()
    }

    /// AUTH PLAIN, or AUTH LOGIN when the server offers only LOGIN. The lines carrying credentials are never quoted
    /// in errors.
    private func authenticate(username: String, password: String, offered: [String]) async throws {
        if offered.contains("PLAIN") {
            let token = Self.base64("\0\(username)\0\(password)")
            try expect(await connection.command("AUTH PLAIN \(token)", step: "AUTH PLAIN"), [235], "the credentials (AUTH PLAIN)")
        } else if offered.contains("LOGIN") {
            try expect(await connection.command("AUTH LOGIN", step: "AUTH LOGIN"), [334], "AUTH LOGIN")
            try expect(await connection.command(Self.base64(username), step: "AUTH LOGIN"), [334], "the user name (AUTH LOGIN)")
            try expect(await connection.command(Self.base64(password), step: "AUTH LOGIN"), [235], "the credentials (AUTH LOGIN)")
        } else if offered.isEmpty {
            throw SMTPError("a username is set but the mail server does not offer AUTH on this connection")
        } else {
            throw SMTPError(
                "the mail server offers no AUTH mechanism this client speaks (PLAIN or LOGIN); it offers \(offered.joined(separator: " "))"
            )
        }
    }

    /// Throws unless the reply's code is one of `codes`; `what` names what was answered.
    private func expect(_ reply: SMTPReply, _ codes: Set<Int>, _ what: String) throws {
        guard !codes.contains(reply.code) else { return }
        if reply.code >= 400 {
            throw SMTPError("the mail server refused \(what): \(reply.summary)", replyCode: reply.code)
        }
        throw SMTPError("the mail server answered \(what) unexpectedly: \(reply.summary)", replyCode: reply.code)
    }

    /// The EHLO name: the connection's own address as an address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    static func clientName(for address: SocketAddress?) -> String {
        guard let address, var ip = address.ipAddress else { return "localhost" }
        if let scope = ip.firstIndex(of: "%") { ip = String(ip[..<scope]) }
        return address.protocol == .inet6 ? "[IPv6:\(ip)]" : "[\(ip)]"
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
