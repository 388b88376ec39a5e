/// A JSON value already written (by a ``JSONWriter``), written again as it stands: a cached piece of a larger
/// document.
public struct RawJSON: JSONWritable, Sendable {
    /// One whole, valid JSON value.
    public let bytes: [UInt8]

    /// Wraps bytes that hold one whole JSON value.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Writes `value` and keeps its bytes.
    public init(_ value: some JSONWritable) {
        var writer = JSONWriter(capacity: 2048)
        value.write(to: &writer)
        bytes = writer.writtenBytes
    }

    public func write(to writer: inout JSONWriter) { writer.writeRaw(bytes: bytes) }
}
