import NIOCore
import NIOSSL

/// The last handler of an SMTP connection's pipeline: parses the mail server's replies and keeps them until the
/// conversation asks for the next one. The first failure (a broken connection, a TLS error, a malformed reply, the
/// deadline) is kept and answers every later request. Used only on the channel's event loop.
final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    private var waiter: EventLoopPromise<SMTPReply>?
    /// Why the connection can give no more replies, once it can't.
    private(set) var failure: SMTPError?

    /// Whether the server sent anything not yet asked for: a reply, or part of one.
    var holdsUnreadData: Bool { !replies.isEmpty || parser.holdsData }

    /// The next reply, once it has arrived.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        if let waiter { waiter.fail(SMTPError("two replies were awaited at once")) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiter = promise
        return promise.futureResult
    }

    /// Ends the conversation with `error` (kept unless an earlier failure was).
    func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        if let waiter, let failure {
            self.waiter = nil
            waiter.fail(failure)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard failure == nil else { return }
        parser.append(&bytes)
        do {
            while let reply = try parser.next() {
                if let waiter {
                    self.waiter = nil
                    waiter.succeed(reply)
                } else {
                    replies.append(reply)
                }
            }
        } catch {
            fail(error as? SMTPError ?? SMTPError("the mail server's reply could not be read: \(error)"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError("the mail server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.describe(error))
        context.close(promise: nil)
    }

    /// An error of the connection in words, with a hint when the certificate was the trouble.
    static func describe(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        guard error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError else {
            return SMTPError("the connection to the mail server failed: \(error)")
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return SMTPError(
                "the mail server's TLS certificate is not trusted (CERTIFICATE_VERIFY_FAILED; caFile names a PEM file of roots to trust)"
            )
        }
        if error as? NIOSSLExtraError == .failedToValidateHostname {
            return SMTPError("the mail server's TLS certificate does not name the host it was reached at (the host setting)")
        }
        return SMTPError("the TLS connection to the mail server failed: \(text)")
    }
}
