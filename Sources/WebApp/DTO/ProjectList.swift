import NIOCore
import Orchestration

/// `GET /api/v1/projects`: one page of projects with the total that matched; each item a ``ProjectResponse``
/// already written (kept by ``ProjectListPieces``).
struct ProjectList: JSONDocument {
    var items: [RawJSON]
    var total: Int
    var limit: Int
    var offset: Int

    /// The document's bytes, written into room for all of them at once (the items are most of it).
    var jsonBytes: ByteBuffer {
        var writer = JSONWriter(capacity: items.reduce(128) { $0 + $1.bytes.count + 1 })
        write(to: &writer)
        return writer.buffer
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("items", items)
        writer.field("total", total)
        writer.field("limit", limit)
        writer.field("offset", offset)
        writer.endObject()
    }
}
