import Foundation
import JSONValue
import TextFormats

/// What `project --id` says when no project has that id: a person types part of the id, a
/// slightly wrong id, or the project's name (the file names show names, not ids), so the
/// message offers the ids that fit and, failing that, the ids there are.
enum UnknownProject {
    struct Project {
        var id: String
        var name: String
    }

    /// A project the output folder's manifest.json still lists though the package no longer
    /// has it: the person removed it from `projects/` and asks `project --id` to take it out.
    struct Removed {
        var name: String
        var files: Int
    }

    /// The project `id` as the manifest of `output` lists it, if it does (read only on this
    /// error path: the manifest of a large package is megabytes).
    static func removedProject(id: String, output: URL) -> Removed? {
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent("manifest.json").path),
              let document = try? JSONParser.parse(Array(data)),
              let projects = document.root["projects"]?.arrayValue,
              let entry = projects.first(where: { $0["id"]?.stringValue == id }) else { return nil }
        return Removed(name: entry["name"]?.stringValue ?? "", files: entry["files"]?.arrayValue?.count ?? 0)
    }

    /// `rebuild`: the `reportgen package …` command with the run's own `-o`.
    static func message(id given: String, projects: [Project], packageFile: String, removed: Removed? = nil, rebuild: String = "") -> String {
        let head = "\(packageFile) 中没有 id 为「\(given)」的项目"
        if let removed {
            // Its files stay until the whole package is made again: `project --id` only makes
            // a project the package has.
            return head + "：它（「\(removed.name)」）已不在报告包中，输出目录里还有上次生成的它的 \(removed.files) 个文件。"
                + "删除或改名了项目后，运行 \(rebuild) 重新生成整个报告包，或对报告包中现有的某个项目运行 project --id，这些文件都随之移除；project --id 只重新生成报告包中现有的一个项目。"
        }
        if let named = projects.first(where: { $0.name == given }) {
            return head + "：「\(given)」是项目名称，它的 id 是「\(named.id)」（--id \(named.id)）。"
        }
        let ids = projects.map(\.id)
        let lowered = given.lowercased()
        let containing = given.isEmpty ? [] : ids.filter { $0.lowercased().contains(lowered) }
        let named = given.isEmpty ? [] : projects.filter { $0.name.contains(given) }.map(\.id)
        let near = EditDistance.nearest(to: given, in: ids, count: 3)
        var offered: [String] = []
        for id in containing + named + near where !offered.contains(id) { offered.append(id) }
        let names = Dictionary(projects.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func shown(_ id: String) -> String { "「\(id)」（\(names[id] ?? "")）" }
        if !offered.isEmpty {
            return head + "，是否指" + offered.prefix(5).map(shown).joined(separator: "或") + "？"
        }
        let shown = ids.prefix(20).map(shown).joined(separator: "、")
        return head + "；其中的项目 id 有：" + shown + (ids.count > 20 ? " 等 \(ids.count) 个（reportgen validate 可列出全部）" : "") + "。"
    }
}
