import Foundation
import Orchestration
import ProcessKit

/// Finds the `Templates/`, `Public/` and `Resources/` folders: the working directory first, then the
/// executable's folder and up to three of its parents (so `.build/debug/orchestrator` finds the checkout).
public enum ResourceLocator {
    /// The first existing `name` folder, or nil.
    public static func folder(named name: String, configured: String? = nil) -> String? {
        if let configured { return configured }
        var candidates = [FileManager.default.currentDirectoryPath]
        for own in RunningExecutable.candidates {
            var executable = own.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(executable.path)
                executable = executable.deletingLastPathComponent()
            }
        }
        for base in candidates {
            let path = URL(fileURLWithPath: base).appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return path }
        }
        return nil
    }

    /// The built-in defaults file `Resources/orchestrator.yaml`, if found.
    public static var defaultsFile: String? {
        folder(named: "Resources").map { $0 + "/orchestrator.yaml" }
    }
}
