import ArgumentParser
import Orchestration

/// `--password` or `--password-stdin` (safer: keeps the password out of the shell history and `ps`).
struct PasswordInput: ParsableArguments {
    @Option(help: "The password (prefer --password-stdin).")
    var password: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordFromStdin = false

    /// The password given, or nil when neither option was used.
    func read() throws -> String? {
        if passwordFromStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            return line
        }
        return password
    }
}
