/// Which agents a project gets: from an explicit list of roles, or from a size.
public enum TeamComposition {
    /// Roles per size; `small`, `medium` and `large` are built in, config may replace them.
    public static let defaultSizes: [String: [String]] = [
        "small": ["developer"],
        "medium": ["project-manager", "developer", "tester"],
        "large": ["project-manager", "developer", "developer", "tester", "devops"],
    ]

    /// Agent ids and roles for a team: repeated roles become `developer`, `developer-2`, …
    /// - Parameters:
    ///   - roles: roles as given, in order.
    ///   - existing: agent ids already taken (when adding to a running team).
    public static func agents(for roles: [String], existing: Set<String> = []) -> [(id: String, role: String)] {
        var taken = existing
        var result: [(id: String, role: String)] = []
        for role in roles {
            var id = role
            var number = 2
            while taken.contains(id) {
                id = "\(role)-\(number)"
                number += 1
            }
            taken.insert(id)
            result.append((id, role))
        }
        return result
    }

    /// Why a role name is unacceptable, or nil: 1–40 of lowercase letters, digits and `-`, starting with a letter.
    public static func roleProblem(_ role: String) -> String? {
        guard let first = role.unicodeScalars.first, ("a"..."z").contains(first) else { return "must start with a lowercase letter" }
        guard role.count <= 40 else { return "must be at most 40 characters" }
        guard role.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            return "may contain only lowercase letters, digits and '-'"
        }
        return nil
    }
}
