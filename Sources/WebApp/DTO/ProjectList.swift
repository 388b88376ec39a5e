import Orchestration

/// `GET /api/v1/projects`: one page of projects with the total that matched.
struct ProjectList: JSONDocument {
    var items: [ProjectResponse]
    var total: Int
    var limit: Int
    var offset: Int

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("items", items)
        writer.field("total", total)
        writer.field("limit", limit)
        writer.field("offset", offset)
        writer.endObject()
    }
}
