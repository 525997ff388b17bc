import ErrorCodes
import Charts
import Foundation
import JSONValue
import Reports

/// Checks every chart of a package's outlines (final accounts, department report, projects)
/// without rendering, so that `validate` and `package` report all chart problems together,
/// each with its file and JSON path.
public enum ChartCheck {
    /// Loading that keeps projects slim and checks each project's charts while it is whole.
    /// `cache`: where unchanged project files are recorded (`CacheFolder`), nil for none.
    public static func slimLoading(cache: URL? = nil) -> PackageLoader.Slim {
        PackageLoader.Slim(cacheFolder: cache) { problems(in: $0) }
    }

    public static func problems(in package: LoadedPackage) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        func location(_ embedded: Embedded<some Sendable & Equatable>?, _ key: String) -> (file: String, path: String) {
            if case .file(let name)? = embedded { return (name, "body") }
            return (package.file, key + ".body")
        }
        if let finalAccounts = package.finalAccounts {
            let (file, path) = location(package.definition.finalAccounts, "finalAccounts")
            problems += check(BodyValue.outline(finalAccounts.body), path: path, file: file)
        }
        if let department = package.department {
            let (file, path) = location(package.definition.department, "department")
            problems += check(BodyValue.outline(department.body), path: path, file: file)
        }
        // A slim project's problems are in its brief: no project is decoded whole for them.
        for index in package.projects.indices {
            if package.projects.isSlim(index) {
                problems += package.projects.checkedProblems(index)
            } else {
                problems += self.problems(in: package.projects[index])
            }
        }
        return problems.inPackage(package.file)
    }

    /// A slim project was checked while it was loaded (see `slimLoading`).
    public static func problems(in project: LoadedProject) -> [DefinitionProblem] {
        if project.isSlim { return project.checkedProblems }
        return check(BodyValue.outline(project.definition.body), path: project.path.isEmpty ? "body" : project.path + ".body", file: project.file)
    }

    static func check(_ nodes: JSONValue, path: String, file: String) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        for (i, node) in (nodes.arrayValue ?? []).enumerated() {
            let nodePath = JSONPath.appending(path, index: i)
            if let chart = node["chart"] {
                problems += ChartBlock.decode(chart, path: nodePath + ".chart").problems.map {
                    DefinitionProblem(code: $0.code, message: $0.message, file: file, path: $0.path)
                }
            }
            if let children = node["children"] { problems += check(children, path: nodePath + ".children", file: file) }
        }
        return problems
    }
}
