import Foundation
import OrchestratorCore
import Testing

/// Questions asked by programs no profile knows: the generic profile must see them (so nothing is typed into them)
/// and the parser must offer their answers.
@Suite("Questions from programs no profile knows", .timeLimit(.minutes(3)))
struct GenericQuestionTests {
    static let generic = AgentProfile.generic(command: "./setup-tool")

    static func state(_ screen: String, still: Double = 3) -> AgentState {
        AgentStatusClassifier.classify(
            AgentObservation(paneAlive: true, currentCommand: "python3", secondsSinceStart: 60, secondsSinceLastOutput: still, screen: screen),
            profile: generic
        ).state
    }

    @Test(arguments: [
        "Writing config to ./app.toml\nOverwrite existing config? (y/n) ",
        "Install 12 packages? [y/N]: ",
        "Do you want to continue? [Y/n] ",
        "Proceed ([y]/n)? ",
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? ",
        "Delete the branch? yes/no: ",
        "Setup finished.\nPress Enter to continue...",
        "Press any key to continue",
        "This drops 3 tables.\nContinue?",
        "Do you want to proceed?\n❯ 1. Yes\n  2. Yes, and don't ask again\n  3. No, and tell me what to do differently (esc)",
        "Pick a framework\n  1) React\n> 2) Vue\n  3) Svelte\n\n(use arrow keys)",
        "│ Apply the migration?          │\n│ ❯ 1. Apply                    │\n│   2. Skip                     │\n╰───────────────────────────────╯",
    ])
    func questionsAreWaiting(screen: String) {
        #expect(Self.state(screen) == .waiting, "\(screen)")
        #expect(PromptParser.parse(screen) != nil, "\(screen)")
    }

    @Test(arguments: [
        // Answered long ago: output and a fresh prompt below.
        "Overwrite existing config? (y/n) y\nwrote app.toml\nall done\n$ ",
        // Mentioned in prose, mid-output, then back at a prompt.
        "The installer asks (y/n) before each step; answer y to accept.\nReady.\n> ",
        // A numbered list in an answer, no selection marker, back at a prompt.
        "Next steps:\n1. Add tests\n2. Update the docs\n3. Release\n> ",
        // An agent that echoes its input shows the question it was sent: it did not ask it.
        "worker up; reading lines\nWhat is the status of the login page?",
        "agent$ Do you think the tests cover the cart?",
        // A menu answered and many lines of work under it.
        "❯ 1. Yes\n  2. No\n" + (1...12).map { "compiled module \($0)" }.joined(separator: "\n") + "\n$ ",
    ])
    func notQuestions(screen: String) {
        #expect(Self.state(screen) != .waiting, "\(screen)")
    }

    @Test func answersAreOfferedInTheProgramsOwnTerms() throws {
        let yesNo = try #require(PromptParser.parse("Overwrite existing config? (y/n) "))
        #expect(yesNo.options.map(\.label) == ["Yes", "No"])
        #expect(yesNo.options[0].keys == ["y", "Enter"])
        let word = try #require(PromptParser.parse("Are you sure you want to continue connecting (yes/no/[fingerprint])? "))
        #expect(word.options[0].keys == ["y", "e", "s", "Enter"] && word.options.map(\.key) == ["yes", "no"], "a yes/no question gets the word")
        let enter = try #require(PromptParser.parse("Setup finished.\nPress Enter to continue..."))
        #expect(enter.options.map(\.keys) == [["Enter"]])
        let bare = try #require(PromptParser.parse("This drops 3 tables.\nContinue?"))
        #expect(bare.options.map(\.key) == ["y", "n"])
        let menu = try #require(PromptParser.parse("Do you want to proceed?\n❯ 1. Yes\n  2. Yes, and don't ask again\n  3. No"))
        #expect(menu.text == "Do you want to proceed?")
        #expect(menu.options.map(\.label) == ["Yes", "Yes, and don't ask again", "No"])
    }

    @Test func theQuestionComesWithWhatItIsAbout() throws {
        let claude = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/screens/claude-permission.txt"), encoding: .utf8)
        let prompt = try #require(PromptParser.parse(claude))
        #expect(prompt.context == "Bash command\nnpx prisma migrate dev --name add_invoice_due_date\nCreate and apply a migration for the invoice due_date column")
        let tool = try #require(PromptParser.parse("asking-tool 1.0\nI want to run: rm -rf build/ && make release\n\nDo you want to proceed?\n❯ 1. Yes\n  2. No"))
        #expect(tool.context == "asking-tool 1.0\nI want to run: rm -rf build/ && make release")
        #expect(PromptParser.parse("Continue?")?.context == nil)
    }
}
