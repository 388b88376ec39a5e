import ArgumentParser
import Foundation
import OrchestratorCore
import Orchestration

/// `orchestrator screens [folder]`: runs the status classifier over a corpus of labelled screens and prints how
/// often it is right, per agent and per state, with each agent's confusion matrix and the misses.
struct ScreensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screens", abstract: "Measure the status classifier on labelled screens (Tests/Fixtures/screens).")

    @Argument(help: "The corpus: one folder per agent of labelled *.txt screens.") var folder = "Tests/Fixtures/screens"

    func run() throws {
        let corpus = try ScreenCorpus(folder: folder)
        print(corpus.report())
    }
}
