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
        #expect(found.contains { $0.isError && $0.code.rawValue.hasPrefix("E-JSON") }, "\(found.map(\.description))")
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

/// FuzzJSON's timeout: 498 nested `[`. A definition file is refused past 64 levels, before the
/// cost of recording every value's path (values × depth) matters.
@Suite struct DefinitionDepthTests {
    @Test func deepNestingIsRefusedWithACode() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("package.json", String(repeating: "[", count: 500) + "1" + String(repeating: "]", count: 500))
        let found = problems(of: path)
        #expect(found.contains { $0.code == .tooDeep }, "\(found.map(\.description))")
        // Real definitions nest a few levels: 60 is still read (and then fails on content, not depth).
        let shallow = try directory.write("shallow.json", String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60))
        #expect(!problems(of: shallow).contains { $0.code == .tooDeep })
    }
}
