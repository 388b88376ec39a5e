import Foundation

/// `/docs`: the OpenAPI document as a page, operations grouped by tag, each with who may call it, its parameters,
/// request body, what it answers (schema names linked to their definitions), the errors it may give as one line,
/// and an example call.
struct DocsPageModel: Sendable {
    struct Group: Sendable {
        var tag: String
        var operations: [Operation]
    }

    /// One documented answer: its status, words, and the schema it carries.
    struct Answer: Sendable {
        var status: String
        var description: String
        var schema: String?
    }

    struct Operation: Sendable {
        var anchor: String
        var method: String
        var path: String
        var summary: String
        var access: String
        var parameters: [String]
        /// The request body's media types and schema.
        var bodyType: String?
        var bodySchema: String?
        /// The successful answers (1xx–3xx).
        var answers: [Answer]
        /// The error statuses, each explained once at the top of the page.
        var errors: String?
        /// A `curl` call a person can paste.
        var example: String
    }

    var chrome: PageChrome
    var title: String
    var version: String
    var groups: [Group]
    var schemas: [Schema]
    /// What each error status means, said once for every operation.
    var errorMeanings: [Answer]

    struct Schema: Sendable {
        var name: String
        var json: String
    }

    /// - Parameters:
    ///   - document: the OpenAPI document.
    ///   - base: the server's address as the browser reached it, for the examples.
    init(chrome: PageChrome, document: [String: Any], base: String = "http://127.0.0.1:8000") {
        self.chrome = chrome
        let info = document["info"] as? [String: Any] ?? [:]
        title = info["title"] as? String ?? "API"
        version = info["version"] as? String ?? ""
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var byTag: [String: [Operation]] = [:]
        var meanings: [String: String] = [:]
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for path in paths.keys.sorted() {
            for (method, value) in (paths[path] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let operation = value as? [String: Any] else { continue }
                let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map { parameter in
                    "\(parameter["name"] ?? "?") (\(parameter["in"] ?? "?")\((parameter["required"] as? Bool) == true ? ", required" : ""))"
                }
                let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any] ?? [:]
                let jsonSchema = (content["application/json"] as? [String: Any])?["schema"]
                var answers: [Answer] = []
                var errors: [String] = []
                for (status, value) in (operation["responses"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let response = value as? [String: Any] ?? [:]
                    let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                    let description = response["description"] as? String ?? ""
                    if status.first.map({ "45".contains($0) }) == true {
                        errors.append(status)
                        meanings[status] = meanings[status] ?? description
                    } else {
                        answers.append(Answer(status: status, description: description, schema: Self.referenceName(schema)))
                    }
                }
                let tag = (operation["tags"] as? [String])?.first ?? "other"
                let body = jsonSchema.map { Self.example($0, components: components, depth: 0) }
                byTag[tag, default: []].append(Operation(
                    anchor: operation["operationId"] as? String ?? path, method: method.uppercased(), path: path,
                    summary: operation["summary"] as? String ?? "", access: operation["x-access"] as? String ?? "",
                    parameters: parameters, bodyType: content.isEmpty ? nil : content.keys.sorted().joined(separator: ", "),
                    bodySchema: Self.referenceName(jsonSchema),
                    answers: answers, errors: errors.isEmpty ? nil : errors.joined(separator: ", "),
                    example: Self.curl(method: method.uppercased(), path: path, base: base, body: body, isPublic: (operation["security"] as? [Any])?.isEmpty == true)))
            }
        }
        groups = byTag.keys.sorted().map { Group(tag: $0, operations: byTag[$0] ?? []) }
        errorMeanings = meanings.keys.sorted().map { Answer(status: $0, description: meanings[$0] ?? "", schema: "Error") }
        schemas = components.keys.sorted().map { name in
            let data = (try? JSONSerialization.data(withJSONObject: components[name] ?? [:], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return Schema(name: name, json: String(decoding: data, as: UTF8.self))
        }
    }

    /// The component a schema refers to (`#/components/schemas/Project` → `Project`), nil for an inline schema.
    static func referenceName(_ schema: Any?) -> String? {
        ((schema as? [String: Any])?["$ref"] as? String).map { String($0.split(separator: "/").last ?? "") }
    }

    static func schemaName(_ schema: Any?) -> String {
        guard let schema = schema as? [String: Any] else { return "any" }
        if let ref = schema["$ref"] as? String { return String(ref.split(separator: "/").last ?? "") }
        if let type = schema["type"] { return "\(type)" }
        return "any"
    }

    /// A value that fits `schema`: its `example` or first `enum` value when it names one, else a placeholder of its
    /// type; objects get their required properties (all of them when none is required), three levels deep at most.
    static func example(_ schema: Any, components: [String: Any], depth: Int) -> Any {
        guard var schema = schema as? [String: Any], depth < 4 else { return NSNull() }
        if let ref = schema["$ref"] as? String, let resolved = components[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
            schema = resolved
        }
        if let example = schema["example"] { return example }
        if let first = (schema["enum"] as? [Any])?.first { return first }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" }) ?? (schema["properties"] != nil ? "object" : "string")
        switch type {
        case "integer": return (schema["minimum"] as? Int) ?? 1
        case "number": return 0.5
        case "boolean": return true
        case "array": return [example(schema["items"] ?? [:], components: components, depth: depth + 1)]
        case "object":
            let properties = schema["properties"] as? [String: Any] ?? [:]
            let required = schema["required"] as? [String] ?? []
            var object: [String: Any] = [:]
            for name in (required.isEmpty ? Array(properties.keys) : required).sorted() {
                object[name] = example(properties[name] ?? [:], components: components, depth: depth + 1)
            }
            return object
        default: return "…"
        }
    }

    /// `curl` for one operation: the path's `{parameters}` left for the reader, the token from `$ORCHESTRATOR_TOKEN`.
    static func curl(method: String, path: String, base: String, body: Any?, isPublic: Bool) -> String {
        var lines = ["curl -X \(method) '\(base)\(path)'"]
        if !isPublic { lines.append("  -H \"Authorization: Bearer $ORCHESTRATOR_TOKEN\"") }
        if let body, JSONSerialization.isValidJSONObject(body),
            let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            lines.append("  -H 'Content-Type: application/json'")
            lines.append("  -d '\(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "'", with: "'\\''"))'")
        }
        return lines.joined(separator: " \\\n")
    }
}
