import Orchestration

/// `POST …/git/commit`.
struct GitCommitRequest: Decodable {
    var message: String
    var agent: String?
    var paths: [String]?
}

/// `POST …/git/merge`.
struct GitMergeRequest: Decodable {
    var source: String
    var target: String?
    var strategy: String?
}

/// `POST …/git/resolve`.
struct GitResolveRequest: Decodable {
    var strategy: String
    var files: [String]?
    var contents: [String: String]?
}

/// `POST …/git/push`.
struct GitPushRequest: Decodable {
    var remote: String?
    var branch: String?
    var agent: String?
}
