/// Where the server finds its templates, static files and resources.
public struct PathSettings: Codable, Sendable, Equatable {
    /// Folder of `*.mustache` templates; unset means `Templates/` beside the working directory or the executable.
    public var templates: String?
    /// Folder served under `/static`; unset means `Public/`, found the same way.
    public var publicFiles: String?

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case templates
        case publicFiles = "public"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        templates = try c.optionalValue(.templates, or: d.templates)
        publicFiles = try c.optionalValue(.publicFiles, or: d.publicFiles)
    }
}
