import OrchestratorCore
import Testing

@Suite("Roles and credential rules", .timeLimit(.minutes(3)))
struct RoleTests {
    @Test func rolesAreOrdered() {
        #expect(Role.admin.allows(.manager))
        #expect(Role.admin.allows(.viewer))
        #expect(Role.manager.allows(.viewer))
        #expect(!Role.manager.allows(.admin))
        #expect(!Role.viewer.allows(.manager))
        #expect(min(Role.admin, Role.viewer) == .viewer)
        #expect(Role(parsing: " Manager ") == .manager)
        #expect(Role(parsing: "root") == nil)
    }

    @Test(arguments: [
        ("alice", true), ("a.b-c_d", true), ("9lives", true), ("", false), ("-dash", false), (".dot", false),
        ("has space", false), ("ünïcode", false), ("semi;colon", false), (String(repeating: "x", count: 65), false),
    ])
    func usernames(_ name: String, _ acceptable: Bool) {
        #expect((CredentialRules.usernameProblem(name) == nil) == acceptable)
    }

    @Test(arguments: [
        ("password", true), ("short", false), ("tab\there1", false), (String(repeating: "é", count: 40), false),
        ("correct horse battery", true),
    ])
    func passwords(_ password: String, _ acceptable: Bool) {
        #expect((CredentialRules.passwordProblem(password) == nil) == acceptable)
    }

    @Test func validatorCollectsEveryProblem() {
        var check = Validator()
        check.require(false, "a", "bad a")
        check.check("b", nil)
        check.check("c", "bad c")
        #expect(throws: ValidationFailure([FieldError(field: "a", message: "bad a"), FieldError(field: "c", message: "bad c")])) {
            try check.done()
        }
    }
}
