import Foundation

/// A backup file written: where, how big, its checksum and when.
public struct BackupRecord: Codable, Sendable, Equatable {
    /// The file's name.
    public var name: String
    /// The file's full path.
    public var path: String
    /// Its size in bytes.
    public var sizeBytes: Int
    /// Lowercase hex SHA-256 of the whole file, as `sha256sum` prints it.
    public var sha256: String
    /// When the copy was taken.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case name, path, sha256
        case sizeBytes = "size_bytes"
        case createdAt = "created_at"
    }
}
