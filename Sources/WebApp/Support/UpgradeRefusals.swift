import HTTPTypes
import Hummingbird
import Orchestration
import NIOCore
import Synchronization

/// Why WebSocket handshakes were refused, by connection, until the refusal is written.
///
/// Hummingbird answers every refused upgrade with a fixed `400 Bad Request`; a client that sent no credential should
/// read `401`, one without the right `403`. The route notes the status here, and ``UpgradeRefusalWriter`` at the head
/// of the connection's pipeline puts it into the status line as the refusal goes out.
enum UpgradeRefusals {
    private static let statuses = Mutex<[ObjectIdentifier: HTTPResponse.Status]>([:])

    /// Notes the status the refusal on `connection` should carry.
    static func note(_ status: HTTPResponse.Status, for connection: ObjectIdentifier) {
        statuses.withLock { $0[connection] = status }
    }

    /// The noted status, forgotten once taken.
    static func take(for connection: ObjectIdentifier) -> HTTPResponse.Status? {
        statuses.withLock { $0.removeValue(forKey: connection) }
    }

    /// The status a refusal for `error` carries.
    static func status(for error: any Error) -> HTTPResponse.Status {
        switch error {
        case let failure as AuthFailure:
            if case .unauthenticated = failure { return .unauthorized }
            return .forbidden
        case let failure as APIError: return failure.status
        case let failure as any HTTPResponseError: return failure.status
        default: return .badRequest
        }
    }
}

/// Rewrites the status line of a refused WebSocket handshake to the status ``UpgradeRefusals`` noted.
final class UpgradeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private static let fixed = Array("HTTP/1.1 400 Bad Request\r\n".utf8)
    private static let head = Array("HTTP/1.1 ".utf8)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var buffer = unwrapOutboundIn(data)
        // Any response head settles the note: a handshake refused the usual way leaves none for a later answer.
        guard buffer.readableBytesView.starts(with: Self.head), let status = UpgradeRefusals.take(for: ObjectIdentifier(context.channel)),
              buffer.readableBytesView.starts(with: Self.fixed)
        else {
            context.write(data, promise: promise)
            return
        }
        buffer.moveReaderIndex(forwardBy: Self.fixed.count)
        var rewritten = context.channel.allocator.buffer(capacity: buffer.readableBytes + 48)
        rewritten.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        rewritten.writeBuffer(&buffer)
        context.write(wrapOutboundOut(rewritten), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = UpgradeRefusals.take(for: ObjectIdentifier(context.channel))
        context.fireChannelInactive()
    }
}
