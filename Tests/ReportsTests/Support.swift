import Foundation
import Testing
@testable import Reports

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func expectations(_ relative: String) -> [String: [[String: String]]] {
        guard let data = try? Data(contentsOf: root.appendingPathComponent(relative)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: [[String: String]]]
        else { return [:] }
        return object
    }
}

/// A scratch directory removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("reports-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }
}

/// Loads a definition and returns its problems (errors and warnings) whether or not it is valid.
func problems(of path: String) -> [DefinitionProblem] {
    do { return try DefinitionLoader.load(path: path).warnings } catch { return error.problems }
}

func loadProject(_ path: String) throws -> LoadedProject {
    let loaded = try DefinitionLoader.load(path: path)
    guard case .project(let project, _) = loaded else { throw DefinitionErrors(problems: []) }
    return project
}

func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan }

/// A package of no projects with the given final accounts and department report (their JSON
/// texts), loaded: the package, or nil with the problems that stopped it.
func loadAccountsPackage(finalAccounts: String, department: String) throws -> (package: LoadedPackage?, problems: [DefinitionProblem]) {
    let dir = try TemporaryDirectory()
    try dir.write("final-accounts.json", finalAccounts)
    try dir.write("department.json", department)
    let path = try dir.write("package.json", #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "某局"}, "finalAccounts": "final-accounts.json", "department": "department.json", "projects": []}"#)
    do {
        let package = try PackageLoader.load(path: path)
        return (package, package.warnings)
    } catch {
        return (nil, error.problems)
    }
}
