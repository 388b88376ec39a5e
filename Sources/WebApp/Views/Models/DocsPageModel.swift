import Foundation

/// `/docs`: the OpenAPI document as a page, operations grouped by tag, each with who may call it, its parameters,
/// request body and answers.
struct DocsPageModel: Sendable {
    struct Group: Sendable {
        var tag: String
        var operations: [Operation]
    }

    struct Operation: Sendable {
        var anchor: String
        var method: String
        var path: String
        var summary: String
        var access: String
        var parameters: [String]
        var body: String?
        var responses: [String]
    }

    var chrome: PageChrome
    var title: String
    var version: String
    var groups: [Group]
    var schemas: [Schema]

    struct Schema: Sendable {
        var name: String
        var json: String
    }

    init(chrome: PageChrome, document: [String: Any]) {
        self.chrome = chrome
        let info = document["info"] as? [String: Any] ?? [:]
        title = info["title"] as? String ?? "API"
        version = info["version"] as? String ?? ""
        var byTag: [String: [Operation]] = [:]
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for path in paths.keys.sorted() {
            for (method, value) in (paths[path] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let operation = value as? [String: Any] else { continue }
                let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map { parameter in
                    "\(parameter["name"] ?? "?") (\(parameter["in"] ?? "?")\((parameter["required"] as? Bool) == true ? ", required" : ""))"
                }
                let body = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?.map { type, value in
                    "\(type): " + Self.schemaName((value as? [String: Any])?["schema"])
                }.sorted().joined(separator: "; ")
                let responses = (operation["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { status, value in
                    let response = value as? [String: Any] ?? [:]
                    let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                    return "\(status) \(response["description"] ?? "")" + (schema.map { " → " + Self.schemaName($0) } ?? "")
                }
                let tag = (operation["tags"] as? [String])?.first ?? "other"
                byTag[tag, default: []].append(Operation(
                    anchor: operation["operationId"] as? String ?? path, method: method.uppercased(), path: path,
                    summary: operation["summary"] as? String ?? "", access: operation["x-access"] as? String ?? "",
                    parameters: parameters, body: body, responses: responses))
            }
        }
        groups = byTag.keys.sorted().map { Group(tag: $0, operations: byTag[$0] ?? []) }
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        schemas = components.keys.sorted().map { name in
            let data = (try? JSONSerialization.data(withJSONObject: components[name] ?? [:], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return Schema(name: name, json: String(decoding: data, as: UTF8.self))
        }
    }

    static func schemaName(_ schema: Any?) -> String {
        guard let schema = schema as? [String: Any] else { return "any" }
        if let ref = schema["$ref"] as? String { return String(ref.split(separator: "/").last ?? "") }
        if let type = schema["type"] { return "\(type)" }
        return "any"
    }
}
