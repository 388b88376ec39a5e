import Foundation

/// The first entry of a backup archive (`manifest.json`): what it is, when it was made, and each file's checksum.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// One file of the backup.
    public struct File: Codable, Sendable, Equatable {
        /// The file's name in the data directory.
        public var name: String
        /// Its size in bytes.
        public var size: Int
        /// Lowercase hex SHA-256 of its bytes.
        public var sha256: String
    }

    /// Always ``formatName``: tells a backup from any other tar file.
    public var format: String
    /// The archive layout's version.
    public var version: Int
    /// When the copy was taken.
    public var createdAt: Date
    /// The files, the database first.
    public var files: [File]

    /// The value of ``format`` in every backup.
    public static let formatName = "tmux-orchestrator-backup"
    /// The layout this build writes and reads.
    public static let currentVersion = 1
    /// The manifest's name inside the archive.
    static let entryName = "manifest.json"

    enum CodingKeys: String, CodingKey {
        case format, version, files
        case createdAt = "created_at"
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
