import Foundation
import NIOCore
import Testing

@testable import Orchestration

/// The SMTP client against a real mail server: aiosmtpd (`Tests/Fixtures/smtp/smtp_sink.py`, needs python3 with
/// aiosmtpd) on loopback, plain, with STARTTLS, or with TLS from the first byte, with a self-signed certificate made
/// by openssl for each test.
/// Serialized: each test starts a mail server and waits for it with blocking reads, which would starve the few threads
/// async code runs on if sixteen did so at once.
@Suite("SMTP client: notification mail through a real mail server", .serialized, .timeLimit(.minutes(3)))
struct SMTPClientTests {
    static let sender = "Orchestrator Bot <orchestrator@example.com>"
    /// The whole exchange's bound in these tests: generous, since a mail server started while the other suites start
    /// too may wait seconds for this 2-core machine (the timeout itself has a test of its own, with 700 ms).
    static let patience: Duration = .seconds(60)

    static func settings(
        port: Int, host: String = "127.0.0.1", security: SMTPSettings.Security = .none, username: String? = nil,
        password: String? = nil, caFile: String? = nil
    ) -> SMTPSettings {
        SMTPSettings(host: host, port: port, username: username, password: password, from: sender, security: security, caFile: caFile)
    }

    /// Runs `body` and returns the SMTPError it threw (nil, and a recorded issue, when it threw nothing or something else).
    static func smtpError(_ body: () async throws -> Void) async -> SMTPError? {
        do {
            try await body()
            Issue.record("expected an SMTPError, but the message was sent")
        } catch let error as SMTPError {
            return error
        } catch {
            Issue.record("expected an SMTPError, got \(error)")
        }
        return nil
    }

    @Test func aPlainMessageArrivesWithItsEnvelopeHeadersAndUTF8Body() async throws {
        let sink = try MailSink.start()
        defer { sink.stop() }
        let subject = "Agent wartet auf Antwort — ✓ «überprüfen»"
        let body = "Hallo 👋 Ünïcode\n.a line that starts with a dot\n.\n..two dots\r\nwindows line\rold mac line\nlast"
        try await SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience).send(to: "dev@example.org", subject: subject, body: body)

        let message = try #require(try sink.messages().first)
        #expect(try sink.messages().count == 1)
        #expect(message.mailFrom == "orchestrator@example.com")
        #expect(message.rcptTos == ["dev@example.org"])
        #expect(message.mailOptions.contains("BODY=8BITMIME"), "aiosmtpd offers 8BITMIME, and the body is UTF-8")
        #expect(!message.tls && !message.authenticated)
        #expect(message.headers["From"] == "Orchestrator Bot <orchestrator@example.com>")
        #expect(message.headers["To"] == "dev@example.org")
        #expect(message.headers["Subject"] == subject, "the encoded words decode to the subject")
        #expect(message.headers["MIME-Version"] == "1.0")
        #expect(message.content.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(message.headers["Content-Transfer-Encoding"] == "8bit")
        let messageID = try #require(message.headers["Message-ID"])
        #expect(messageID.hasPrefix("<") && messageID.hasSuffix("@example.com>"))
        let date = try #require(message.headers["Date"])
        #expect(date.range(of: #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$"#, options: .regularExpression) != nil, "\(date)")
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(
            message.body == "Hallo 👋 Ünïcode\r\n.a line that starts with a dot\r\n.\r\n..two dots\r\nwindows line\r\nold mac line\r\nlast\r\n",
            "dot-stuffing undone by the server, every line ending in CRLF"
        )
        #expect(message.content.contains("Subject: =?UTF-8?B?"), "a non-ASCII subject goes as encoded words")
        #expect(!message.content.contains("Agent wartet"), "not as raw UTF-8")
        let bytes = Array(message.content.utf8)
        #expect(bytes.indices.allSatisfy { bytes[$0] != 10 || ($0 > 0 && bytes[$0 - 1] == 13) }, "no bare LF")
    }

    @Test func longLinesGoAsBase64ShortASCIIAs7BitAndALongBodyIsCut() async throws {
        let sink = try MailSink.start()
        defer { sink.stop() }
        let client = SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience)
        let longLine = String(repeating: "é0123456789", count: 200)
        try await client.send(to: "dev@example.org", subject: "long line", body: "first\n\(longLine)\n.last")
        try await client.send(to: "dev@example.org", subject: "Plain ASCII subject", body: "just ascii\n.dot")
        try await client.send(to: "dev@example.org", subject: "huge", body: String(repeating: "ü line of text\n", count: 10_000))

        let messages = try sink.messages()
        try #require(messages.count == 3)
        #expect(messages[0].headers["Content-Transfer-Encoding"] == "base64")
        #expect(messages[0].body == "first\r\n\(longLine)\r\n.last\r\n" || messages[0].body == "first\r\n\(longLine)\r\n.last")
        #expect(!messages[0].mailOptions.contains("BODY=8BITMIME"))
        #expect(messages[1].headers["Content-Transfer-Encoding"] == "7bit")
        #expect(messages[1].content.contains("\r\nSubject: Plain ASCII subject\r\n"), "plain ASCII stays readable")
        #expect(messages[1].body == "just ascii\r\n.dot\r\n")
        let huge = messages[2].body
        #expect(huge.utf8.count <= 64 * 1024)
        #expect(huge.utf8.count > 60 * 1024)
        #expect(huge.hasSuffix("[message truncated]\r\n"))
    }

    @Test func aServerWithoutEHLOGetsHELOAndABase64Body() async throws {
        let sink = try MailSink.start(heloOnly: true)
        defer { sink.stop() }
        try await SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience).send(to: "dev@example.org", subject: "old server", body: "Grüße\n.")

        let message = try #require(try sink.messages().first)
        #expect(message.headers["Content-Transfer-Encoding"] == "base64", "no 8BITMIME without EHLO")
        #expect(message.mailOptions.isEmpty)
        #expect(message.body == "Grüße\r\n.")
    }

    @Test func startTLSThenAuthWithTheCertificateTrustedThroughCAFile() async throws {
        let sink = try MailSink.start(tls: .starttls, user: "mailer", password: "s3cret pass")
        defer { sink.stop() }
        let settings = Self.settings(
            port: sink.port, host: "localhost", security: .starttls, username: "mailer", password: "s3cret pass", caFile: sink.certificate
        )
        try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "ops@example.net", subject: "secure", body: "over TLS")

        let message = try #require(try sink.messages().first)
        #expect(message.tls && message.authenticated)
        #expect(message.rcptTos == ["ops@example.net"])
        #expect(message.body == "over TLS\r\n")
    }

    @Test func implicitTLSChecksTheCertificateAgainstAnIPAddress() async throws {
        let sink = try MailSink.start(tls: .implicit, user: "mailer", password: "pw")
        defer { sink.stop() }
        let settings = Self.settings(port: sink.port, security: .tls, username: "mailer", password: "pw", caFile: sink.certificate)
        try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "ops@example.net", subject: "tls", body: "from the first byte")

        let message = try #require(try sink.messages().first)
        #expect(message.tls && message.authenticated)
    }

    @Test func authLoginWhenOnlyLoginIsOfferedAndCredentialsInTheClearOnlyToLoopback() async throws {
        let sink = try MailSink.start(user: "mailer", password: "pw", mechanisms: ["LOGIN"])
        defer { sink.stop() }
        let settings = Self.settings(port: sink.port, username: "mailer", password: "pw")
        try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "dev@example.org", subject: "login", body: "AUTH LOGIN")
        #expect(try sink.messages().first?.authenticated == true)

        var elsewhere = settings
        elsewhere.host = "smtp.example.invalid"
        let started = ContinuousClock.now
        let error = await Self.smtpError { try await SMTPClient(settings: elsewhere, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason.contains("refusing to send the mail server credentials unencrypted") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(10), "refused before any lookup or connection")
        #expect(try sink.messages().count == 1)
    }

    @Test func aWrongPasswordThrowsTheServersAnswer() async throws {
        let sink = try MailSink.start(tls: .starttls, user: "mailer", password: "right")
        defer { sink.stop() }
        let settings = Self.settings(
            port: sink.port, host: "localhost", security: .starttls, username: "mailer", password: "wrong", caFile: sink.certificate
        )
        let error = await Self.smtpError { try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason.hasPrefix("the mail server refused the credentials (AUTH PLAIN): 535") == true, "\(String(describing: error))")
        #expect(error?.replyCode == 535)
        #expect(error?.reason.contains("wrong") == false, "the password is never quoted")
        #expect(try sink.messages().isEmpty)
    }

    @Test func aRefusedRecipientThrowsTheServersAnswer() async throws {
        let sink = try MailSink.start()
        defer { sink.stop() }
        let error = await Self.smtpError {
            try await SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience).send(to: "nobody@example.org", subject: "x", body: "x")
        }
        #expect(error?.description == "the mail server refused RCPT TO: 550 5.1.1 <nobody@example.org>: no such user here")
        #expect(try sink.messages().isEmpty)
    }

    @Test func anUntrustedCertificateStopsStartTLS() async throws {
        let sink = try MailSink.start(tls: .starttls)
        defer { sink.stop() }
        let untrusted = Self.settings(port: sink.port, host: "localhost", security: .starttls)
        let error = await Self.smtpError { try await SMTPClient(settings: untrusted, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason.contains("certificate is not trusted") == true, "\(String(describing: error))")

        let other = try MailSink.makeCertificate(in: sink.folder, name: "other", host: "localhost")
        let wrongRoot = Self.settings(port: sink.port, host: "localhost", security: .starttls, caFile: other)
        let stillUntrusted = await Self.smtpError { try await SMTPClient(settings: wrongRoot, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(stillUntrusted?.reason.contains("certificate is not trusted") == true, "\(String(describing: stillUntrusted))")
        #expect(try sink.messages().isEmpty)
    }

    @Test func aTrustedCertificateForAnotherHostIsRefused() async throws {
        let sink = try MailSink.start(tls: .starttls, certificateHost: "mail.example.com")
        defer { sink.stop() }
        for host in ["localhost", "127.0.0.1"] {
            let settings = Self.settings(port: sink.port, host: host, security: .starttls, caFile: sink.certificate)
            let error = await Self.smtpError { try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
            #expect(error?.reason.hasPrefix("the mail server's TLS certificate does not name the host") == true, "\(host): \(String(describing: error))")
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func aReplySlippedInBeforeTLSStartsIsRefused() async throws {
        let sink = try MailSink.start(tls: .starttls, injectAfterStartTLS: true)
        defer { sink.stop() }
        let settings = Self.settings(port: sink.port, host: "localhost", security: .starttls, caFile: sink.certificate)
        let error = await Self.smtpError { try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason == "the mail server sent more data right after agreeing to STARTTLS", "\(String(describing: error))")
        #expect(try sink.messages().isEmpty)
    }

    @Test func startTLSIsRequiredWhenAskedFor() async throws {
        let sink = try MailSink.start()
        defer { sink.stop() }
        let settings = Self.settings(port: sink.port, security: .starttls, username: "mailer", password: "pw")
        let error = await Self.smtpError { try await SMTPClient(settings: settings, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason.hasPrefix("the mail server does not offer STARTTLS") == true, "\(String(describing: error))")
        #expect(try sink.messages().isEmpty)
    }

    @Test func headerAndCommandInjectionIsRefusedBeforeConnecting() async throws {
        let sink = try MailSink.start()
        defer { sink.stop() }
        let client = SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience)
        let lineBreaks: [(String, String)] = [
            ("dev@example.org\r\nRCPT TO:<x@y>", "subject"), ("dev@example.org\nRCPT TO:<x@y>", "subject"),
            ("dev@example.org", "Hi\r\nBcc: x@y"), ("dev@example.org", "Hi\nBcc: x@y"), ("dev@example.org", "Hi\rBcc: x@y"),
            ("dev@example.org\0", "subject"), ("dev@example.org", "nul\0"),
        ]
        for (recipient, subject) in lineBreaks {
            let error = await Self.smtpError { try await client.send(to: recipient, subject: subject, body: "body") }
            #expect(error?.reason.contains("contains a line break or NUL") == true, "\(String(describing: error))")
        }
        for recipient in [
            "two words@example.org", "<dev@example.org>", "dev@example.org, x@y.z", "dev@example.org x@y.z", "no-at-sign", "a@b@c",
            "\"quoted\"@example.org", "dev@", "@example.org", String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 190) + ".org",
            "dév@example.org", "dev@exa_mple.org", "dev@example..org", "Name <dev@example.org>",
        ] {
            let error = await Self.smtpError { try await client.send(to: recipient, subject: "x", body: "x") }
            #expect(error?.reason.contains("is not a single plain address") == true, "\(recipient): \(String(describing: error))")
        }
        var forged = Self.settings(port: sink.port)
        forged.from = "orchestrator@example.com\r\nBcc: x@y"
        let error = await Self.smtpError { try await SMTPClient(settings: forged, timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x") }
        #expect(error?.reason == "the sender contains a line break or NUL")

        try await client.send(to: "dev@example.org", subject: "the one that is fine", body: "x")
        let messages = try sink.messages()
        #expect(messages.count == 1 && messages.first?.headers["Subject"] == "the one that is fine", "nothing else arrived")
        #expect(messages.first?.rcptTos == ["dev@example.org"])
    }

    @Test func aServerThatNeverAnswersTimesOutOrIsCancelledAndAClosedPortIsReported() async throws {
        let sink = try MailSink.start(stall: true)
        defer { sink.stop() }
        let started = ContinuousClock.now
        let error = await Self.smtpError {
            try await SMTPClient(settings: Self.settings(port: sink.port), timeout: .milliseconds(700)).send(to: "dev@example.org", subject: "x", body: "x")
        }
        #expect(error?.reason.hasPrefix("the mail server did not finish within 700 ms") == true, "\(String(describing: error))")
        // The deadline's own reason proves it fired; the bound only says it ends (the suite's other tests may keep
        // this 2-core machine's threads busy for seconds).
        #expect(ContinuousClock.now - started < .seconds(30))

        let client = SMTPClient(settings: Self.settings(port: sink.port), timeout: Self.patience)
        let cancelled = Task { try await client.send(to: "dev@example.org", subject: "x", body: "x") }
        try await Task.sleep(for: .milliseconds(300))
        cancelled.cancel()
        let cancelledAt = ContinuousClock.now
        let stopped = await Self.smtpError { try await cancelled.value }
        #expect(stopped?.reason.hasPrefix("sending was cancelled") == true, "\(String(describing: stopped))")
        #expect(ContinuousClock.now - cancelledAt < .seconds(30))

        let closedPort = try MailSink.unusedPort()
        let refused = await Self.smtpError {
            try await SMTPClient(settings: Self.settings(port: closedPort), timeout: Self.patience).send(to: "dev@example.org", subject: "x", body: "x")
        }
        #expect(refused?.reason.hasPrefix("could not connect to the mail server at 127.0.0.1 port \(closedPort)") == true, "\(String(describing: refused))")
    }

    @Test func repliesAreReadLineByLineHoweverTheBytesArrive() throws {
        var parser = SMTPReplyParser()
        for piece in ["250-mail.example", ".org greets you\r\n250-8BITMIME\r", "\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n220 next\n"] {
            var bytes = ByteBuffer(string: piece)
            parser.append(&bytes)
        }
        let ehlo = try #require(try parser.next())
        #expect(ehlo == SMTPReply(code: 250, lines: ["mail.example.org greets you", "8BITMIME", "AUTH PLAIN LOGIN", "STARTTLS"]))
        #expect(SMTPCapabilities(ehlo: ehlo) == {
            var offered = SMTPCapabilities()
            offered.startTLS = true
            offered.eightBitMIME = true
            offered.authMechanisms = ["PLAIN", "LOGIN"]
            return offered
        }())
        #expect(try parser.next() == SMTPReply(code: 220, lines: ["next"]))
        #expect(try parser.next() == nil)

        for garbage in ["HTTP/1.1 400 Bad Request\r\n", "250-one\r\n251 two\r\n", "25\r\n", "250_x\r\n", String(repeating: "x", count: 5000)] {
            var parser = SMTPReplyParser()
            var bytes = ByteBuffer(string: garbage)
            parser.append(&bytes)
            #expect(throws: SMTPError.self, "\(garbage.prefix(30))") { try parser.next() }
        }
    }

    @Test func headersAreFoldedEncodedWordsAndTheMessageIsDotStuffed() throws {
        let from = try SMTPMailbox("Zoë \"the\" Bot <bot@example.com>", role: "sender", allowsDisplayName: true)
        let to = try SMTPMailbox("dev@example.org", role: "recipient", allowsDisplayName: false)
        let subject = String(repeating: "Überlange Betreffzeile ", count: 8)
        let message = SMTPMessage(from: from, to: to, subject: subject, body: ".\n..\nx", date: Date(timeIntervalSince1970: 0))
        let data = message.data(encoding: message.transferEncoding(eightBitAllowed: true))
        let lines = data.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 78 }, "every header line fits")
        #expect(lines.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(lines.filter { $0.hasPrefix(" =?UTF-8?B?") }.count >= 3, "the long subject is folded")
        #expect(data.hasSuffix("\r\n\r\n..\r\n...\r\nx\r\n.\r\n"), "blank line, stuffed dots, the closing dot")
        #expect(MailHeaderEncoding.phrase("Plain Name") == "Plain Name")
        #expect(MailHeaderEncoding.phrase("Ops, Inc.") == "\"Ops, Inc.\"")
        #expect(MailHeaderEncoding.phrase("a \"b\" \\") == #""a \"b\" \\""#)
        #expect(MailHeaderEncoding.unstructured("=?UTF-8?B?eA==?=", headerName: "Subject").hasPrefix("=?UTF-8?B?PT9"), "a lookalike is encoded")
        let cut = SMTPMessage.bodyLines(of: String(repeating: "€", count: 30_000))
        #expect(cut.reduce(0) { $0 + $1.utf8.count + 2 } == 64 * 1024, "the long line cut between characters (3 bytes each)")
        #expect(cut.suffix(2) == ["", "[message truncated]"])
    }
}

/// aiosmtpd on loopback for one test (`Tests/Fixtures/smtp/smtp_sink.py`), in a scratch folder with its certificate
/// and the messages it took.
final class MailSink {
    enum TLS { case starttls, implicit }

    /// One message the server accepted, as it recorded it.
    struct Received {
        let mailFrom: String
        let mailOptions: [String]
        let rcptTos: [String]
        let content: String
        let headers: [String: String]
        let body: String
        let defects: [String]
        let tls: Bool
        let authenticated: Bool
    }

    static let script = TestEnvironment.repoRoot + "/Tests/Fixtures/smtp/smtp_sink.py"

    let folder: String
    let port: Int
    /// The self-signed certificate (PEM) the server presents when it speaks TLS: for `localhost` and 127.0.0.1 unless
    /// started for another host.
    let certificate: String
    private let process: Process
    private let input: Pipe

    private init(folder: String, port: Int, certificate: String, process: Process, input: Pipe) {
        self.folder = folder
        self.port = port
        self.certificate = certificate
        self.process = process
        self.input = input
    }

    /// Starts the server and waits until it listens. Fails (never skips) when python3 or aiosmtpd is missing.
    static func start(
        tls: TLS? = nil, certificateHost: String = "localhost", user: String? = nil, password: String? = nil, mechanisms: [String] = [],
        heloOnly: Bool = false, injectAfterStartTLS: Bool = false, stall: Bool = false
    ) throws -> MailSink {
        let folder = NSTemporaryDirectory() + "smtp-sink-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var arguments = [script, folder + "/messages.jsonl"]
        var certificate = ""
        if let tls {
            certificate = try makeCertificate(in: folder, name: "server", host: certificateHost)
            arguments += [tls == .starttls ? "--starttls" : "--tls", certificate, folder + "/server-key.pem"]
        }
        if let user { arguments += ["--user", user, "--password", password ?? ""] }
        if !mechanisms.isEmpty { arguments += ["--auth-mechanisms"] + mechanisms }
        if heloOnly { arguments.append("--helo-only") }
        if injectAfterStartTLS { arguments.append("--inject-after-starttls") }
        if stall { arguments.append("--stall") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let input = Pipe()
        let output = Pipe()
        _ = FileManager.default.createFile(atPath: folder + "/stderr.log", contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: folder + "/stderr.log")
        try process.run()
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        guard let port = Int(String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.waitUntilExit()
            let errors = (try? String(contentsOfFile: folder + "/stderr.log", encoding: .utf8)) ?? ""
            throw SinkError(
                description: "the test mail server did not start: it needs python3 with aiosmtpd (python3 -m pip install aiosmtpd). "
                    + "Its output: \(errors.suffix(1500))"
            )
        }
        return MailSink(folder: folder, port: port, certificate: certificate, process: process, input: input)
    }

    /// Makes a self-signed P-256 certificate for `host` (and 127.0.0.1); returns its PEM file (the key is beside it).
    static func makeCertificate(in folder: String, name: String, host: String) throws -> String {
        let certificate = folder + "/\(name)-cert.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=\(host)", "-addext", "subjectAltName=DNS:\(host)" + (host == "localhost" ? ",IP:127.0.0.1" : ""),
            "-keyout", folder + "/\(name)-key.pem", "-out", certificate,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: certificate) else {
            throw SinkError(description: "openssl could not make a certificate (exit \(process.terminationStatus))")
        }
        return certificate
    }

    /// A loopback port nothing listens on: a stopped server's.
    static func unusedPort() throws -> Int {
        let sink = try start()
        sink.stop()
        return sink.port
    }

    /// What the server took so far, in order.
    func messages() throws -> [Received] {
        let text = (try? String(contentsOfFile: folder + "/messages.jsonl", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw SinkError(description: "not a JSON object: \(line)")
            }
            return Received(
                mailFrom: object["mail_from"] as? String ?? "", mailOptions: object["mail_options"] as? [String] ?? [],
                rcptTos: object["rcpt_tos"] as? [String] ?? [], content: object["content"] as? String ?? "",
                headers: object["headers"] as? [String: String] ?? [:], body: object["body"] as? String ?? "",
                defects: object["defects"] as? [String] ?? [], tls: object["tls"] as? Bool ?? false,
                authenticated: object["authenticated"] as? Bool ?? false
            )
        }
    }

    /// Stops the server (closing its standard input ends it) and removes the folder.
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    struct SinkError: Error, CustomStringConvertible {
        let description: String
    }
}
