/// One step of an agent sandbox's mount plan.
package struct SandboxMount: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// An empty tmpfs over a folder (a file is covered with `/dev/null`).
        case hide
        /// The path, read-only.
        case readOnly
        /// The path, writable.
        case writable
    }

    package var kind: Kind
    /// Where it appears inside the sandbox.
    package var path: String
    /// What is mounted there, when it differs from `path` (a folder reached through a symbolic link).
    package var source: String?

    package init(_ kind: Kind, _ path: String, source: String? = nil) {
        self.kind = kind
        self.path = path
        self.source = source
    }

    /// Mounts in the order bubblewrap must apply them: shorter paths first (a parent before anything inside it, so
    /// a deeper entry always wins), and in the order given among equals.
    package static func ordered(_ mounts: [SandboxMount]) -> [SandboxMount] {
        mounts.enumerated().sorted { a, b in
            let (la, lb) = (a.element.path.utf8.count, b.element.path.utf8.count)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}
