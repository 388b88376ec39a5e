import Crypto
import Foundation

/// Writes a file as a stream while hashing every byte, so a backup's checksum costs no second read.
struct HashingFileWriter {
    private let handle: FileHandle
    private var hash = SHA256()
    private(set) var count = 0

    /// Creates `path` (mode 0600, replacing any file there) for writing.
    init(path: String) throws {
        _ = unlink(path)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    mutating func write(_ bytes: [UInt8]) throws {
        try write(Data(bytes))
    }

    mutating func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
        hash.update(data: data)
        count += data.count
    }

    /// Copies the file at `path` in 1 MiB pieces.
    mutating func copy(fileAt path: String) throws {
        guard let input = FileHandle(forReadingAtPath: path) else { throw BackupError("cannot read \(path)") }
        defer { try? input.close() }
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
            try write(piece)
        }
    }

    /// Flushes to disk and closes; returns the hex SHA-256 of everything written.
    mutating func finish() throws -> String {
        try handle.synchronize()
        try handle.close()
        return Self.hex(hash.finalize())
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Hex SHA-256 of the file at `path`, read in 1 MiB pieces.
    static func sha256(ofFileAt path: String) throws -> String {
        guard let input = FileHandle(forReadingAtPath: path) else { throw BackupError("cannot read \(path)") }
        defer { try? input.close() }
        var hash = SHA256()
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty { hash.update(data: piece) }
        return hex(hash.finalize())
    }
}
