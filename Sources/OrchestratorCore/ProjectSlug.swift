/// Project ids made from names: lowercase letters, digits and `-`, safe in tmux session names, branch names and paths.
public enum ProjectSlug {
    /// `My Web App!` → `my-web-app`; empty results become `project`.
    public static func make(from name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "project" : String(slug.prefix(40))
    }

    /// `base`, or `base-2`, `base-3`, … — the first that `isTaken` refuses.
    /// Ids the pages use for their own routes (`/projects/new`).
    public static let reserved: Set<String> = ["new"]

    public static func unique(_ base: String, isTaken: (String) throws -> Bool) rethrows -> String {
        var candidate = base
        var number = 2
        while try reserved.contains(candidate) || isTaken(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }
}
