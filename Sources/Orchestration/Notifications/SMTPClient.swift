import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends plain-text UTF-8 mail through one mail server, one message per connection: STARTTLS or implicit TLS with
/// the certificate checked against the host, AUTH PLAIN or LOGIN, and the whole exchange bounded by a timeout. The
/// sender, the recipient and the subject are checked before connecting: a line break or NUL (a way to add headers
/// or commands) or a recipient that is not one plain address is refused, and credentials are never sent unencrypted
/// except to a loopback host.
package struct SMTPClient: Sendable {
    /// Where and how to send.
    package let settings: SMTPSettings
    /// How long one message may take, connecting included.
    package let timeout: Duration

    /// A client for the mail server in `settings`; each message must be sent within `timeout`.
    package init(settings: SMTPSettings, timeout: Duration = .seconds(15)) {
        self.settings = settings
        self.timeout = timeout
    }

    /// Sends one plain-text UTF-8 message; throws SMTPError with a readable reason (e.g. "the mail server refused
    /// RCPT TO: 550 ..."). A body over 64 KiB is cut. The connection is closed however the exchange ends.
    package func send(to recipient: String, subject: String, body: String) async throws {
        let message = try prepare(to: recipient, subject: subject, body: body)
        let host = Self.bareHost(settings.host)
        let serverHostname = Self.isIPAddress(host) ? nil : host
        let tls = settings.security == .none ? nil : try makeTLSContext()
        let limit = Self.timeAmount(timeout)
        let deadline = NIODeadline.now() + limit
        let implicitTLS = settings.security == .tls ? tls : nil
        let connection = try await connect(to: host, tls: implicitTLS, serverHostname: serverHostname, within: limit)
        let expiry = connection.abort(with: SMTPError("the mail server did not finish within \(Self.describe(timeout))"), at: deadline)
        let session = SMTPSession(
            connection: connection, settings: settings, startTLS: settings.security == .starttls ? tls : nil, serverHostname: serverHostname
        )
        do {
            try await withTaskCancellationHandler {
                try await session.deliver(message)
            } onCancel: {
                connection.abort(with: SMTPError("sending was cancelled"))
            }
        } catch {
            expiry.cancel()
            await connection.close()
            throw error as? SMTPError ?? SMTPError("sending failed: \(error)")
        }
        expiry.cancel()
        await connection.close()
    }

    /// The message to send, once the settings and the input pass every check that can be made before connecting.
    func prepare(to recipient: String, subject: String, body: String) throws -> SMTPMessage {
        let host = Self.bareHost(settings.host)
        guard !host.isEmpty, host.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "/" }) else {
            throw SMTPError("the mail server's host \(String(reflecting: settings.host)) is not a host name or IP address")
        }
        guard (1...65535).contains(settings.port) else { throw SMTPError("the mail server's port \(settings.port) is not 1 to 65535") }
        guard timeout > .zero else { throw SMTPError("the timeout must be more than zero") }
        if settings.username != nil {
            guard settings.security != .none || Self.isLoopback(host) else {
                throw SMTPError(
                    "refusing to send the mail server credentials unencrypted to \(host): use starttls or tls "
                        + "(only a loopback host may get them in the clear)"
                )
            }
            guard !(settings.username ?? "").unicodeScalars.contains("\0"), !(settings.password ?? "").unicodeScalars.contains("\0") else {
                throw SMTPError("the mail server username or password contains NUL")
            }
        }
        let from = try SMTPMailbox(settings.from, role: "sender", allowsDisplayName: true)
        let to = try SMTPMailbox(recipient, role: "recipient", allowsDisplayName: false)
        if let problem = SMTPMailbox.controlCharacterProblem(in: subject) { throw SMTPError("the subject \(problem)") }
        return SMTPMessage(from: from, to: to, subject: subject, body: body)
    }

    /// TLS as the settings ask: TLS 1.2 or later, the certificate checked against the host, trusting the roots in
    /// `caFile` when set, else the system's.
    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        configuration.shutdownTimeout = .seconds(2)
        if let caFile = settings.caFile {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw SMTPError("the CA file \(caFile) could not be read as PEM certificates: \(error)")
            }
            guard !roots.isEmpty else { throw SMTPError("the CA file \(caFile) holds no certificate") }
            configuration.trustRoots = .certificates(roots)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError("TLS could not be set up: \(error)")
        }
    }

    /// Opens the connection (with TLS from the start when `tls` is given).
    private func connect(to host: String, tls: NIOSSLContext?, serverHostname: String?, within limit: TimeAmount) async throws
        -> SMTPConnection
    {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(limit)
        do {
            return try await bootstrap.connect(host: host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SMTPConnection.attach(to: channel, tls: tls, serverHostname: serverHostname)
                }
            }
        } catch {
            throw SMTPError("could not connect to the mail server at \(host) port \(settings.port): \(describeConnectionError(error))")
        }
    }

    private func describeConnectionError(_ error: any Error) -> String {
        if let error = error as? ChannelError, case .connectTimeout = error { return "no connection within \(Self.describe(timeout))" }
        guard let error = error as? NIOConnectionError else { return String(describing: error) }
        if error.connectionErrors.isEmpty, let dnsError = error.dnsAError ?? error.dnsAAAAError {
            return "the host name could not be resolved (\(dnsError))"
        }
        let attempts = error.connectionErrors.map { failure in
            let reason = (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? String(describing: failure.error)
            return "\(failure.target.ipAddress ?? "?"): \(reason)"
        }
        return attempts.isEmpty ? String(describing: error) : attempts.joined(separator: "; ")
    }

    /// The host without the brackets of an IPv6 literal.
    static func bareHost(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 ? String(host.dropFirst().dropLast()) : host
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// Whether `host` is this machine by name or loopback address (`localhost`, 127.0.0.0/8, `::1`).
    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "localhost." { return true }
        guard let address = try? SocketAddress(ipAddress: name, port: 0), let ip = address.ipAddress else { return false }
        return address.protocol == .inet ? ip.hasPrefix("127.") : (ip == "::1" || ip.hasPrefix("::ffff:127."))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let capped = min(max(seconds, 0), 86_400)
        return .nanoseconds(capped * 1_000_000_000 + (capped < 86_400 ? attoseconds / 1_000_000_000 : 0))
    }

    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
