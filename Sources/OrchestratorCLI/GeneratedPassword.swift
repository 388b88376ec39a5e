import Orchestration

/// Passwords the CLI makes up when none is given: 20 characters from an unambiguous alphabet.
enum GeneratedPassword {
    static func make() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
