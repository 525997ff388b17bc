import Foundation
import Testing
@testable import Reports

/// Reading a definition file: empty, a directory, missing. The empty file is FuzzJSON's one
/// finding (Foundation's `Data(contentsOf:)` leaked its read buffer on it); LeakSanitizer in
/// `scripts/sanitize.sh` fails this test if the leak comes back.
@Suite struct DefinitionFileTests {
    @Test func anEmptyFileIsAJSONErrorWithALocation() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("package.json", [])
        #expect(DefinitionFile.read(URL(fileURLWithPath: path)) == .success([]))
        let found = problems(of: path)
        #expect(found.contains { $0.isError && $0.code.hasPrefix("E-JSON") }, "\(found.map(\.description))")
        let summary = ValidationSummary.validate(path: path)
        #expect(summary.problems.contains { $0.isError })
    }

    @Test func aDirectoryOrAMissingFileIsNamed() throws {
        let directory = try TemporaryDirectory()
        #expect(DefinitionFile.read(directory.url) == .failure(.directory))
        #expect(DefinitionFile.read(directory.url.appendingPathComponent("none.json")) == .failure(.unreadable))
        let missing = problems(of: directory.url.appendingPathComponent("none.json").path)
        #expect(missing.contains { $0.message.contains("文件不存在") })
    }
}
