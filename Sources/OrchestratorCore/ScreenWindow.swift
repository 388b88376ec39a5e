import Foundation

/// The last lines of a screen joined with `\n`, with each line's UTF-16 offset so that a
/// pattern match can be traced back to its line.
struct ScreenWindow {
    /// The lines, oldest first, without trailing whitespace.
    let lines: [Substring]
    /// The lines joined with `\n`.
    let string: String
    /// ``string`` as an `NSString`, for literal matching and UTF-16 ranges.
    let text: NSString
    /// UTF-16 offset in ``text`` where each line starts.
    private let lineStarts: [Int]

    /// Takes the last `lineCount` non-empty lines of `screen`.
    init(screen: String, lineCount: Int) {
        lines = ScreenText.lastNonEmptyLines(screen, count: lineCount)
        var starts: [Int] = []
        starts.reserveCapacity(lines.count)
        var offset = 0
        for line in lines {
            starts.append(offset)
            offset += line.utf16.count + 1
        }
        lineStarts = starts
        string = lines.joined(separator: "\n")
        text = NSString(string: string)
    }

    /// Number of lines.
    var count: Int { lines.count }

    /// The whole text.
    var fullRange: NSRange { NSRange(location: 0, length: text.length) }

    /// From the start of line `index` to the end of the text.
    func range(fromLine index: Int) -> NSRange {
        let start = index <= 0 ? 0 : index < lineStarts.count ? lineStarts[index] : text.length
        return NSRange(location: start, length: text.length - start)
    }

    /// Index of the line holding UTF-16 offset `location`.
    func lineIndex(at location: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= location { low = middle } else { high = middle - 1 }
        }
        return max(low, 0)
    }
}
