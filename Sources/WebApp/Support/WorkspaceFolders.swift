import Foundation

/// The folders directly under the workspace roots, offered as project paths on the create forms.
enum WorkspaceFolders {
    /// One folder a project can be made in.
    struct Folder: Sendable {
        /// Its absolute path.
        var path: String
        /// `git repository` or `folder`.
        var kind: String
    }

    /// The visible folders directly under each root (hidden ones and the server's own data folder left out),
    /// sorted, at most `limit` in all.
    static func list(roots: [String], limit: Int = 200) -> [Folder] {
        var found: [Folder] = []
        for root in roots {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = (root as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let isRepository = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(".git"))
                found.append(Folder(path: path, kind: isRepository ? "git repository" : "folder"))
                if found.count == limit { return found }
            }
        }
        return found
    }
}
