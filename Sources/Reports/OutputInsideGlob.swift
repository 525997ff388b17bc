import ErrorCodes
import Foundation
import JSONValue

/// An output folder that a `projects` glob of its own package reaches (`"projects/**/*.json"`
/// with `-o projects/out`): the first run succeeded and wrote `manifest.json` there, and every
/// later run read it as a project file and failed with a page of E-DEF errors about
/// `files`/`format`. Checked before loading, from the package file's `projects` strings alone,
/// so the first run already refuses (E-OUT-016) and the message names the glob.
public enum OutputInsideGlob {
    /// The problems of `packagePath` whose globs would match a file `destination` holds
    /// (its `manifest.json`), or E-OUT-017 when `destination` holds the package file itself;
    /// empty when the file cannot be read (loading reports that).
    public static func problems(packagePath: String, destination: URL) -> [DefinitionProblem] {
        guard case .success(let bytes) = DefinitionFile.read(URL(fileURLWithPath: packagePath)),
              let document = try? JSONParser.parse(bytes, recordLocations: true, maximumDepth: DefinitionLoader.maximumDepth),
              case .object(let root) = document.root, case .array(let items)? = root["projects"] else { return [] }
        let folder = realPath(URL(fileURLWithPath: packagePath).deletingLastPathComponent())
        let output = realPath(destination)
        let display = packagePath
        // `-o .` beside package.json (or a folder above it): refused anyway, as a folder holding
        // other files (E-OUT-001), but that message ends “或先清空它” — here the definitions.
        if output == folder || folder.hasPrefix(output == "/" ? "/" : output + "/") {
            return [DefinitionProblem(
                code: .outputHoldsPackage,
                message: "输出目录「\(ShownPath.shown(destination.path))」\(output == folder ? "就是" : "包含了")报告包文件 \(ShownPath.shown(display)) 所在的目录（其中有报告包与项目定义文件），报告包不能写在这里，也不要为此清空它。请用 -o 指定一个单独的新目录（如 -o 报告包），或不写 -o（写到当前目录下的 output/<年度>-<单位名称>/）。",
                file: display, path: "")]
        }
        var found: [DefinitionProblem] = []
        for (index, item) in items.enumerated() {
            guard case .string(let pattern) = item, Glob.hasWildcards(pattern) else { continue }
            // The file the output always holds, as the glob would see it.
            let target: [String]
            if pattern.hasPrefix("/") {
                target = output.split(separator: "/").map(String.init) + ["manifest.json"]
            } else {
                guard output.hasPrefix(folder == "/" ? "/" : folder + "/") else { continue }
                target = output.dropFirst(folder.count).split(separator: "/").map(String.init) + ["manifest.json"]
            }
            let components = pattern.split(separator: "/").map(String.init).filter { $0 != "." }
            guard Glob.matches(components[...], target[...]) else { continue }
            let path = JSONPath.appending("projects", index: index)
            let location = document.locations[path]
            found.append(DefinitionProblem(
                code: .outputInsideGlob,
                message: "输出目录「\(ShownPath.shown(destination.path))」在项目文件的通配符「\(pattern)」所匹配的范围内：生成的 manifest.json 等文件会在下一次运行时被当作项目文件读入。请把输出目录放在别处（-o），或缩小通配范围。",
                file: display, path: path, line: location?.line, column: location?.column))
        }
        return found
    }

    /// The absolute path with symlinks resolved as far as the path exists (the output folder
    /// may not exist yet), `..` and `.` removed.
    static func realPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while existing.path != "/", !FileManager.default.fileExists(atPath: existing.path) {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var path = existing.resolvingSymlinksInPath().path
        for component in rest { path += (path.hasSuffix("/") ? "" : "/") + component }
        return path
    }
}

extension Glob {
    /// Whether `pattern` (components, `**` for any depth) matches the relative path `name`, as
    /// `match` would find it on disk: names starting with "." are never matched by a wildcard
    /// (`match` skips them, and the loader drops such matches).
    static func matches(_ pattern: ArraySlice<String>, _ name: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return name.isEmpty }
        if head == "**" {
            if matches(pattern.dropFirst(), name) { return true }
            guard let first = name.first, !first.hasPrefix("."), name.count > 1 else { return false }
            return matches(pattern, name.dropFirst())
        }
        guard let first = name.first else { return false }
        if hasWildcards(head) {
            guard !first.hasPrefix("."), matches(Array(head), Array(first)) else { return false }
        } else if head != first {
            return false
        }
        return matches(pattern.dropFirst(), name.dropFirst())
    }
}
