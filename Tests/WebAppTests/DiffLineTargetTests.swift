import Foundation
import GitKit
import Orchestration
import Testing
@testable import WebApp

/// The diff viewer numbers its lines the way the reviews API checks comments: context and added lines by their number
/// in the agent's version (`new`), removed lines by theirs in the base's (`old`); headers carry no number.
@Suite("Diff lines for review comments")
struct DiffLineTargetTests {
    static let patch = """
        diff --git a/calc.py b/calc.py
        index 1111111..2222222 100644
        --- a/calc.py
        +++ b/calc.py
        @@ -3,4 +3,5 @@ def add(a, b):
         import os
         def sub(a, b):
        --- old comment
        -    return a + b
        +    return a - b
        +
         print(sub(1, 2))
        \\ No newline at end of file
        @@ -20 +21 @@
        -x = 1
        +x = 2

        """

    @Test func linesInsideHunksCarryTheirFileNumberAndSide() throws {
        let body: [String: Any] = ["path": "calc.py", "added": 3, "removed": 3, "patch": Self.patch]
        let file = try JSONDecoder().decode(GitFileDiff.self, from: JSONSerialization.data(withJSONObject: body))
        let lines = ProjectPageModel.diffLines([file])
        let shown = lines.map { line in
            [line.kind, line.target.map { "\($0.path):\($0.line):\($0.side)" } ?? "-"]
        }
        #expect(shown == [
            ["meta", "-"], ["meta", "-"], ["meta", "-"], ["meta", "-"], ["hunk", "-"],
            ["ctx", "calc.py:3:new"], ["ctx", "calc.py:4:new"], ["del", "calc.py:5:old"], ["del", "calc.py:6:old"],
            ["add", "calc.py:5:new"], ["add", "calc.py:6:new"], ["ctx", "calc.py:7:new"], ["ctx", "-"],
            ["hunk", "-"], ["del", "calc.py:20:old"], ["add", "calc.py:21:new"], ["ctx", "-"],
        ])
        #expect(lines.map { $0.text } == Self.patch.components(separatedBy: "\n"))
    }

    @Test func everyNumberedLineIsOneTheReviewsAPIAccepts() {
        let checked = DiffLines(patch: Self.patch)
        for row in DiffLines.rows(patch: Self.patch) {
            guard let side = row.side, let number = row.number else { continue }
            #expect(checked.line(number, side: side) == row.code, "\(side) \(number)")
        }
        #expect(checked.line(5, side: "old") == "-- old comment")
        #expect(checked.line(6, side: "new") == "")
        #expect(checked.line(8, side: "new") == nil)
    }
}
