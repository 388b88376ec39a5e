import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// HTTPS (and WSS) on the server's port, with one exception: a client on this machine may also speak plain HTTP.
/// Agents call back on `http://127.0.0.1:<port>` with clients that trust only the system's certificate store, so
/// the first byte of each connection decides: a TLS handshake gets TLS; plain HTTP is served only to a loopback
/// peer, and anyone else is disconnected.
struct HTTPSChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let sslContext: NIOSSLContext

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let plainAllowed = channel.remoteAddress.map(Self.isLoopback) ?? false
            try channel.pipeline.syncOperations.addHandler(TLSSniffer(sslContext: sslContext, plainAllowed: plainAllowed))
        }.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}

/// Looks at a connection's first byte: a TLS record (0x16) puts a TLS server handler at the front of the pipeline
/// and replays the byte through it; anything else passes through when plain HTTP is allowed, and closes the
/// connection when not. Either way it then leaves the pipeline.
final class TLSSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let sslContext: NIOSSLContext
    private let plainAllowed: Bool

    init(sslContext: NIOSSLContext, plainAllowed: Bool) {
        self.sslContext = sslContext
        self.plainAllowed = plainAllowed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
        if first == 0x16 {
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
            } catch {
                context.close(promise: nil)
                return
            }
            let pipeline = context.pipeline
            pipeline.syncOperations.removeHandler(context: context, promise: nil)
            pipeline.syncOperations.fireChannelRead(data)
        } else if plainAllowed {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        } else {
            context.close(promise: nil)
        }
    }
}
