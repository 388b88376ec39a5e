import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Closes a connection on which nothing was read or written for a while, from the moment it is accepted (and gives a
/// refused WebSocket handshake its own status, see ``UpgradeRefusalWriter``): the HTTP
/// server's own idle timer starts only once a request's head has arrived, so a connection that never sends one, or
/// whose headers never finish, would otherwise stay open for good. A WebSocket is pinged every 30 s, so it never
/// counts as idle while its peer answers.
struct IdleClosingChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: timeout))
            try channel.pipeline.syncOperations.addHandler(IdleCloser())
            try channel.pipeline.syncOperations.addHandler(UpgradeRefusalWriter())
        }.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Closes the channel when ``IdleStateHandler`` says it has been idle; passes everything else on.
final class IdleCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
