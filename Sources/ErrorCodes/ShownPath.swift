import Foundation

/// How a message names a file: relative to the directory the command was run from when the file
/// is under it (`examples/yanbian-2021/projects/a.json`), else absolute — so that the path can
/// be pasted into an editor or a shell from where the user is. Messages named a package's
/// project files relative to the package file (`projects/a.json`), which did not open from
/// anywhere else. The one rule: every error type names its files through it.
public enum ShownPath {
    /// `path` as messages show it; a relative `path` is taken relative to `folder` (itself
    /// relative to the current directory, or absolute), or to the current directory when nil.
    /// An empty path (inline text) stays empty.
    public static func shown(_ path: String, in folder: String? = nil) -> String {
        guard !path.isEmpty else { return path }
        let current = FileManager.default.currentDirectoryPath
        return shown(path, in: folder, current: current)
    }

    /// The rule with the current directory given (`current` absolute), for tests.
    public static func shown(_ path: String, in folder: String?, current: String) -> String {
        guard !path.isEmpty else { return path }
        var absolute = path
        if !path.hasPrefix("/") {
            var base = current
            if let folder, !folder.isEmpty { base = folder.hasPrefix("/") ? folder : current + "/" + folder }
            absolute = base + "/" + path
        }
        let full = normalized(absolute)
        let here = normalized(current)
        if full == here { return "." }
        if here == "/" { return String(full.dropFirst()) }
        if full.hasPrefix(here + "/") { return String(full.dropFirst(here.count + 1)) }
        return full
    }

    /// An absolute path without `.`, `..` and repeated slashes, by its words only (no link is
    /// followed: the path the user typed stays recognisable).
    static func normalized(_ absolute: String) -> String {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
