import Foundation

/// A tool call's arguments, with the caller's defaults (an agent's own project and id) filling what is left out.
struct ToolArguments {
    let values: [String: Any]
    let defaults: [String: String]

    /// A required string (or its default).
    func string(_ name: String) throws -> String {
        if let text = optionalString(name) { return text }
        throw ToolFailure("\(name) is required")
    }

    /// An optional string (or its default).
    func optionalString(_ name: String) -> String? {
        if let text = values[name] as? String, !text.isEmpty { return text }
        return defaults[name]
    }

    /// An optional value passed on as given (numbers, booleans, arrays).
    func value(_ name: String) -> Any? { values[name] }

    /// `name` as one path segment: anything that could leave the segment (`/`, `?`, `#`, `..`) is escaped.
    func segment(_ name: String) throws -> String {
        let text = try string(name)
        guard text != ".", text != ".." else { throw ToolFailure("\(name) is not a valid id") }
        return text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text
    }

    /// A query parameter value, escaped.
    static func query(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
