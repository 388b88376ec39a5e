import Foundation
import Orchestration

/// The OpenAPI 3.1 document of every route: built from the route catalog (paths, methods, who may call them) and
/// ``OpenAPIOperations`` (what each does, its parameters, bodies and answers), with the error shape on every 4xx.
enum OpenAPIDocument {
    /// One parsed line of ``OpenAPIOperations/table``.
    struct Operation {
        var method: String
        var path: String
        var tag: String
        var summary: String
        var query: [(name: String, type: String)]
        var body: String
        var status: Int
        var response: String
    }

    /// The table by `METHOD /path/{param}`.
    static let operations: [String: Operation] = {
        var result: [String: Operation] = [:]
        for line in OpenAPIOperations.table.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 6 else { continue }
            let route = fields[0].split(separator: " ", maxSplits: 1).map(String.init)
            let answer = fields[5].split(separator: " ").map(String.init)
            let query = fields[3] == "-" ? [] : fields[3].split(separator: ",").map { part -> (String, String) in
                let pieces = part.split(separator: ":").map(String.init)
                return (pieces[0], pieces.count > 1 ? pieces[1] : "string")
            }
            result[fields[0]] = Operation(
                method: route[0], path: route[1], tag: fields[1], summary: fields[2], query: query, body: fields[4],
                status: Int(answer[0]) ?? 200, response: answer.count > 1 ? answer[1] : "-")
        }
        return result
    }()

    /// `/api/v1/users/:username` as OpenAPI spells it: `/api/v1/users/{username}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// The catalog's routes that the table does not describe (a test keeps this empty).
    static func undocumented(_ catalog: RouteCatalog) -> [String] {
        catalog.entries.map { "\($0.method == "WEBSOCKET" ? "GET" : $0.method) \(openAPIPath($0.path))" }.filter { operations[$0] == nil }
    }

    /// The document as JSON bytes.
    static func json(for catalog: RouteCatalog, version: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: build(catalog, version: version), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    static func build(_ catalog: RouteCatalog, version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for entry in catalog.entries {
            let method = entry.method == "WEBSOCKET" ? "GET" : entry.method
            let path = openAPIPath(entry.path)
            guard let operation = operations["\(method) \(path)"] else { continue }
            paths[path, default: [:]][method.lowercased()] = describe(operation, access: entry.access)
        }
        let schemas = (try? JSONSerialization.jsonObject(with: Data(OpenAPIComponents.schemas.utf8))) ?? [:]
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Tmux Orchestrator", "version": version,
                "description": "Teams of AI coding agents in tmux, each in its own git worktree. Every error answers {\"error\": {\"code\", \"message\", \"details\"}}.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An access token from /auth/login, or an API key (orc_…)."],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": "orc_access",
                               "description": "Browsers: the access cookie; unsafe requests also send the page's CSRF token as X-CSRF-Token (or the csrf_token form field)."],
                ],
            ],
        ]
    }

    private static func describe(_ operation: Operation, access: AccessLevel) -> [String: Any] {
        let isPage = !(operation.path.hasPrefix("/api/") || operation.path.hasPrefix("/auth/") || operation.path.hasPrefix("/ws/")
            || operation.path == "/mcp" || operation.path == "/metrics" || operation.path == "/openapi.json")
        var parameters: [[String: Any]] = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment in
            ["name": String(segment.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += operation.query.map { ["name": $0.name, "in": "query", "required": false, "schema": ["type": $0.type]] }
        var result: [String: Any] = [
            "operationId": operationID(operation), "summary": operation.summary, "tags": [operation.tag], "parameters": parameters,
            "responses": responses(operation, isPage: isPage, isPublic: access.minimumRole == nil),
            "x-access": "\(access)",
        ]
        result["security"] = access.minimumRole == nil ? [] : [["bearer": []], ["apiKey": []], ["cookie": []]]
        switch operation.body {
        case "-": break
        case "form":
            result["requestBody"] = ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]]
        case "object":
            result["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]]
        default:
            result["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(operation.body)"]]]]
        }
        return result
    }

    private static func responses(_ operation: Operation, isPage: Bool, isPublic: Bool) -> [String: Any] {
        var result: [String: Any] = [:]
        let success: [String: Any]
        switch operation.response {
        case "-": success = ["description": operation.status == 101 ? "Switching to the WebSocket protocol" : "No body"]
        case "html": success = ["description": "A page", "content": ["text/html": ["schema": ["type": "string"]]]]
        case "text": success = ["description": "Text", "content": ["text/plain": ["schema": ["type": "string"]]]]
        case "manifest": success = ["description": "A web app manifest", "content": ["application/manifest+json": ["schema": ["type": "object"]]]]
        case "javascript": success = ["description": "A script", "content": ["text/javascript": ["schema": ["type": "string"]]]]
        case "redirect": success = ["description": "Back to a page, with a notice", "headers": ["Location": ["schema": ["type": "string"]]]]
        case "object": success = ["description": "OK", "content": ["application/json": ["schema": ["type": ["object", "array"]]]]]
        default: success = ["description": "OK", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(operation.response)"]]]]
        }
        result["\(operation.status)"] = success
        let error: [String: Any] = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        func add(_ status: Int, _ description: String) {
            if result["\(status)"] == nil { result["\(status)"] = error.merging(["description": description]) { $1 } }
        }
        if isPage {
            result["302"] = result["302"] ?? ["description": "Not signed in: to the sign-in page", "headers": ["Location": ["schema": ["type": "string"]]]]
            for (status, text) in [(400, "Malformed input"), (401, "Bad credentials"), (403, "Role too low, or a missing CSRF token"), (404, "No such thing"), (409, "Not in a state for this"),
                                   (413, "Body too large"), (422, "Invalid input"), (429, "Too many requests")] {
                if result["\(status)"] == nil { result["\(status)"] = ["description": text, "content": ["text/html": ["schema": ["type": "string"]], "application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]] }
            }
            if operation.status == 200, operation.response == "html", operation.method == "POST" { result["303"] = ["description": "Done: back to a page"] }
            return result
        }
        add(400, "Malformed input")
        add(401, isPublic ? "Bad credentials" : "Missing or bad credentials")
        if !isPublic { add(403, "Role too low, or outside an agent token's project") }
        if operation.status == 101 { add(426, "Not a WebSocket upgrade request") }
        add(404, "No such thing")
        add(405, "Method not allowed")
        add(409, "Not in a state for this")
        add(413, "Body too large")
        add(415, "Unsupported content type")
        add(422, "Invalid input; details name each field")
        add(429, "Too many requests; see Retry-After")
        add(503, "Not ready")
        if operation.path == "/mcp" { result["202"] = ["description": "A notification: nothing to answer"] }
        if operation.method == "DELETE", operation.path == "/api/v1/projects/{id}" {
            result["204"] = ["description": "With purge=true: the ended project's record was deleted"]
        }
        return result
    }

    private static func operationID(_ operation: Operation) -> String {
        let words = (operation.method.lowercased() + operation.path).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return words.enumerated().map { $0.offset == 0 ? $0.element : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }
}
