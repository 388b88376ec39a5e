import Foundation
import Testing

@testable import Orchestration

/// Every word sent to a host passes through ``RemoteShell/quote(_:)``: a real `sh` must read each hostile word back
/// exactly, as one word, running nothing.
@Suite("Remote shell quoting and SSH targets")
struct RemoteShellTests {
    static let hostile = [
        "plain", "two words", "it's", "'", "''", "\"double\"", "$(touch /tmp/orc-pwned)", "`touch /tmp/orc-pwned`", "a;b", "a && b", "a|b",
        "line\nbreak", "tab\there", "-rf", "--option=1", "~root", "*", "?", "[a-z]", "$HOME", "${PATH}", "back\\slash", "", " ", "é ü 中文",
        "!history", "#comment", "a=b", "=start", "%percent", "{a,b}", "semi;colon'quote\"mix$(x)`y`",
    ]

    /// What `sh` makes of `command`: the words it printed, NUL-separated.
    static func shellWords(_ command: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s\\0' " + command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var words = String(decoding: data, as: UTF8.self).components(separatedBy: "\0")
        words.removeLast()
        return words
    }

    @Test func hostileWordsComeBackExactlyAndRunNothing() throws {
        try? FileManager.default.removeItem(atPath: "/tmp/orc-pwned")
        #expect(try Self.shellWords(RemoteShell.command(Self.hostile)) == Self.hostile)
        for word in Self.hostile { #expect(try Self.shellWords(RemoteShell.quote(word)) == [word], "\(word)") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/orc-pwned"))
        #expect(RemoteShell.quote("-rf") == "'-rf'", "a leading dash is quoted (harmless either way, but never a bare option)")
        #expect(RemoteShell.quote("/srv/work/shop") == "/srv/work/shop", "plain paths stay readable")
    }

    @Test func targetsParseAndRefuseWhatSSHWouldMisread() throws {
        #expect(try SSHTarget.parse("dev@box-2").get() == SSHTarget(user: "dev", host: "box-2", port: 22))
        #expect(try SSHTarget.parse("dev@10.0.0.2:2222").get() == SSHTarget(user: "dev", host: "10.0.0.2", port: 2222))
        #expect(try SSHTarget.parse("dev@[fd00::2]:22").get() == SSHTarget(user: "dev", host: "fd00::2", port: 22))
        #expect(try SSHTarget.parse("dev@10.0.0.2:2222").get().knownHostsName == "[10.0.0.2]:2222")
        #expect(try SSHTarget.parse("dev@[fd00::2]:2200").get().text == "dev@[fd00::2]:2200")
        for bad in ["box", "@box", "dev@", "-oProxyCommand=x@box", "dev@-oProxyCommand=x", "dev@box:0", "dev@box:70000", "dev@box:22:1", "dev@box name",
                    "dev@box;id", "Dev@box", "dev@[fd00::2", "dev@[nothex]", "dev@box:22x", "dev@.box", "dev@box-"]
        {
            if case .success(let target) = SSHTarget.parse(bad) { Issue.record("\(bad) was read as \(target)") }
        }
    }

    @Test func healthIsReadFromTheScriptsLines() {
        let health = HostHealth.parse(
            "tmux=tmux 3.3a\ngit=git version 2.39.5\nload=0.52 0.40 0.31\ncpus=2\nmem=20480\nagents=3\n", roundTrip: 1.5, at: Date(timeIntervalSince1970: 0))
        #expect(health.reachable && health.tmuxVersion == "tmux 3.3a" && health.gitVersion == "git version 2.39.5")
        #expect(health.load == [0.52, 0.40, 0.31] && health.cpus == 2 && health.memoryAvailableBytes == 20480 * 1024 && health.agentsRunning == 3)
        let bare = HostHealth.parse("tmux=\ngit=\n", roundTrip: nil)
        #expect(bare.tmuxVersion == nil && bare.gitVersion == nil, "a host without tmux says so")
    }
}
