import TextFormats

/// What `project --id` says when no project has that id: a person types part of the id, a
/// slightly wrong id, or the project's name (the file names show names, not ids), so the
/// message offers the ids that fit and, failing that, the ids there are.
enum UnknownProject {
    struct Project {
        var id: String
        var name: String
    }

    static func message(id given: String, projects: [Project], packageFile: String) -> String {
        let head = "\(packageFile) 中没有 id 为「\(given)」的项目"
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
