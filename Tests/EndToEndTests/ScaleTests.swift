import Foundation
import Testing

/// The package path on several threads (project files loaded, documents rendered and written
/// concurrently) gives the same files and the same problem list as on one.
@Suite(.serialized) struct ScaleTests {
    @Test(arguments: PackageTests.examples)
    func jobsDoNotChangeOutput(_ name: String) throws {
        let one = try PackageTests.generate(name, arguments: ["-j", "1"])
        let two = try PackageTests.generate(name, arguments: ["-j", "2"])
        let first = try PackageTests.files(in: one)
        let second = try PackageTests.files(in: two)
        #expect(!first.isEmpty)
        #expect(first.keys.sorted() == second.keys.sorted(), "\(name)")
        for (file, bytes) in first { #expect(second[file] == bytes, "\(name)/\(file) differs between -j 1 and -j 2") }
    }

    /// A glob over many project files, two of them broken: both problems are reported, in file order.
    @Test func problemsOfProjectFilesInFileOrder() throws {
        let root = try EndToEnd.temporaryDirectory()
        let projects = root.appendingPathComponent("projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        let source = EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021/projects")
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
        for name in names {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: projects.appendingPathComponent(name))
        }
        // Broken JSON in the first and the last file by name.
        for name in [names.first!, names.last!] {
            try Data("{ \"id\": ".utf8).write(to: projects.appendingPathComponent(name))
        }
        let package = root.appendingPathComponent("package.json")
        try Data(#"{"format": "reportgen/1", "year": 2021, "unit": {"name": "测试单位"}, "projects": ["projects/*.json"]}"#.utf8).write(to: package)
        var outputs: [String] = []
        for jobs in ["1", "2"] {
            let result = try EndToEnd.reportgen(["package", package.path, "-o", root.appendingPathComponent("out").path, "-j", jobs])
            #expect(result.status == 1)
            let first = try #require(result.stderr.range(of: names.first!))
            let last = try #require(result.stderr.range(of: names.last!))
            #expect(first.lowerBound < last.lowerBound)
            outputs.append(result.stderr)
        }
        #expect(outputs[0] == outputs[1])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
