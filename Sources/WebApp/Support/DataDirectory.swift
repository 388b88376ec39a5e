import Foundation
import Orchestration

/// The server's data directory (mode 0700) and the files it keeps there.
public struct DataDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates the directory if needed and tightens its mode to 0700. A relative `path` is made absolute against
    /// the working directory, so every path derived from it means the same to git, tmux and the agents.
    public init(path: String) throws {
        let path = AppConfiguration.absolutePath(path, from: FileManager.default.currentDirectoryPath, home: nil)
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    /// The SQLite database.
    public var databasePath: String { path + "/" + DataFiles.database }
    /// The JWT signing keys.
    public var signingKeysPath: String { path + "/" + DataFiles.signingKeys }
    /// The generated first-admin password, when one was generated.
    public var initialAdminPasswordPath: String { path + "/" + DataFiles.initialAdminPassword }
    var csrfSecretPath: String { path + "/" + DataFiles.csrfSecret }

    /// The CSRF secret, created on first use.
    func csrfSecret() throws -> [UInt8] {
        if let text = try SecretFile.readText(csrfSecretPath), let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count >= 32 {
            return [UInt8](data)
        }
        let secret = SecureRandom.bytes(32)
        try SecretFile.write(Data(Data(secret).base64EncodedString().utf8), to: csrfSecretPath)
        return secret
    }
}
