import Foundation
import OrchestratorCore
import Testing

private let screens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/screens")

private func screen(_ name: String) throws -> String {
    try String(contentsOf: screens.appendingPathComponent(name), encoding: .utf8)
}

@Suite("Questions and answers read off agents' screens", .timeLimit(.minutes(3)))
struct PromptParserTests {
    @Test func claudePermissionMenuWithAWrappedOption() throws {
        let prompt = try #require(PromptParser.parse(try screen("claude-permission.txt")))
        #expect(prompt.text == "Do you want to proceed?")
        #expect(prompt.options.map(\.key) == ["1", "2", "3"])
        #expect(prompt.options[1].label.hasSuffix("/home/dev/projects/invoice-service"))
        #expect(prompt.options[0].keys == ["1"])
        #expect(prompt.options[2].keys == ["Escape"], "an option naming its own key (esc) is chosen with it")
        #expect(prompt.source == "screen")
    }

    @Test func codexApprovalUsesTheKeysItNames() throws {
        let prompt = try #require(PromptParser.parse(try screen("codex-approval.txt")))
        #expect(prompt.text == "Would you like to run the following command?")
        #expect(prompt.options.map(\.label) == ["Yes, proceed", "Yes, and don't ask again for this command", "No, and tell Codex what to do differently"])
        #expect(prompt.options.map(\.keys) == [["y"], ["a"], ["Escape"]])
    }

    @Test func geminiConfirmation() throws {
        let prompt = try #require(PromptParser.parse(try screen("gemini-permission.txt")))
        #expect(prompt.text == "Allow execution of [Shell]?")
        #expect(prompt.options.map(\.label) == ["Allow once", "Allow for this session", "No, suggest changes"])
    }

    @Test func aiderLetterChoicesNeedEnter() throws {
        let prompt = try #require(PromptParser.parse(try screen("aider-confirm.txt")))
        #expect(prompt.text == "Add file to the chat?")
        #expect(prompt.options.map(\.key) == ["y", "n"])
        #expect(prompt.options.map(\.keys) == [["y", "Enter"], ["n", "Enter"]])
        let more = try #require(PromptParser.parse("Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:"))
        #expect(more.options.map(\.label) == ["Yes", "No", "Don't ask again"])
    }

    @Test func inlineYesNo() throws {
        let prompt = try #require(PromptParser.parse(try screen("generic-continue.txt")))
        #expect(prompt.text == "Continue? [y/N]")
        #expect(prompt.options.map(\.keys) == [["y", "Enter"], ["n", "Enter"]])
        #expect(PromptParser.parse("Proceed with the upgrade (yes/no)")?.options.count == 2)
    }

    @Test func noQuestionNoPrompt() throws {
        #expect(PromptParser.parse(try screen("claude-idle.txt")) == nil)
        #expect(PromptParser.parse(try screen("shell-prompt.txt")) == nil)
        #expect(PromptParser.parse("Steps:\n1. build\nall done") == nil, "a single numbered line is no menu")
    }
}
