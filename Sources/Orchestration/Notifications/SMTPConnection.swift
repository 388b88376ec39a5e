import NIOCore
import NIOSSL

/// One open connection to a mail server: commands go out as CRLF-terminated lines and replies come back one at a time.
/// Any failure, including the deadline, is reported as the `SMTPError` the reply reader kept.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let reader: NIOLoopBound<SMTPReplyReader>

    /// Adds a reply reader to `channel`'s pipeline (after a TLS handler, for implicit TLS). Call on the channel's event
    /// loop, from the bootstrap's channel initializer.
    static func attach(to channel: any Channel, tls: NIOSSLContext?, serverHostname: String?) throws -> SMTPConnection {
        if let tls {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
        }
        let reader = SMTPReplyReader()
        try channel.pipeline.syncOperations.addHandler(reader)
        return SMTPConnection(channel: channel, reader: NIOLoopBound(reader, eventLoop: channel.eventLoop))
    }

    private init(channel: any Channel, reader: NIOLoopBound<SMTPReplyReader>) {
        self.channel = channel
        self.reader = reader
    }

    /// The next reply; `step` names what it answers, for an error message.
    func reply(to step: String) async throws -> SMTPReply {
        let reader = self.reader
        let eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit { reader.value.nextReply(on: eventLoop) }.get()
        } catch {
            throw SMTPError("\(SMTPReplyReader.describe(error).reason) (waiting for the answer to \(step))")
        }
    }

    /// Sends `line` and a CRLF and returns the reply; `step` names the command in an error message (so that a line
    /// carrying credentials is never quoted).
    func command(_ line: String, step: String) async throws -> SMTPReply {
        try await write(line + "\r\n", step: step)
        return try await reply(to: step)
    }

    /// Sends `text` as it is.
    func write(_ text: String, step: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text))
        } catch {
            // The reader learns why the connection broke (a TLS alert, a reset, the deadline) by the time it is closed.
            let reader = self.reader
            let eventLoop = channel.eventLoop
            channel.close(promise: nil)
            var kept: SMTPError?
            do {
                _ = try await eventLoop.flatSubmit { reader.value.nextReply(on: eventLoop) }.get()
            } catch {
                kept = error as? SMTPError
            }
            throw SMTPError("\((kept ?? SMTPReplyReader.describe(error)).reason) (sending \(step))")
        }
    }

    /// Puts TLS in front of everything else on the connection (after the server's 220 to STARTTLS). Refuses when the
    /// server already sent more, since bytes sent before the handshake could be an attacker's.
    func startTLS(_ tls: NIOSSLContext, serverHostname: String?) async throws {
        let reader = self.reader
        let channel = self.channel
        try await channel.eventLoop.submit {
            guard !reader.value.holdsUnreadData else {
                throw SMTPError("the mail server sent more data right after agreeing to STARTTLS")
            }
            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// Ends the conversation with `error` at `deadline`, unless cancelled first.
    func abort(with error: SMTPError, at deadline: NIODeadline) -> Scheduled<Void> {
        let reader = self.reader
        let channel = self.channel
        return channel.eventLoop.scheduleTask(deadline: deadline) {
            reader.value.fail(error)
            channel.close(promise: nil)
        }
    }

    /// Ends the conversation with `error` now.
    func abort(with error: SMTPError) {
        let reader = self.reader
        let channel = self.channel
        channel.eventLoop.execute {
            reader.value.fail(error)
            channel.close(promise: nil)
        }
    }

    /// Closes the connection (if still open) and waits until it is closed.
    func close() async {
        channel.close(promise: nil)
        try? await channel.closeFuture.get()
    }
}
