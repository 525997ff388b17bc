import Foundation
import Testing
@testable import Reports

/// The bad-definition corpus: every file must be rejected with its expected codes at its
/// expected paths, each problem located (line/column) and explained in Chinese.
@Suite struct BadDefinitionTests {
    static let projectCases = Fixtures.expectations("invalid/expectations.json")
    static let packageCases = Fixtures.expectations("packages/expectations.json")

    @Test func corpusIsLargeEnough() {
        #expect(Self.projectCases.count + Self.packageCases.count >= 40)
    }

    @Test(arguments: projectCases.keys.sorted())
    func projectFileIsRejected(_ name: String) throws {
        let found = problems(of: Fixtures.path("invalid/" + name))
        #expect(found.contains { $0.isError }, "\(name) should be invalid")
        for expected in Self.projectCases[name] ?? [] {
            let match = found.first { $0.code.rawValue == expected["code"] && $0.path == expected["path"] }
            #expect(match != nil, "\(name): expected \(expected["code"] ?? "") at \(expected["path"] ?? ""), got \(found.map(\.description))")
            if let match {
                #expect(match.line != nil && match.column != nil, "\(name): no location in \(match)")
                #expect(match.message.unicodeScalars.contains { $0.properties.isIdeographic })
                #expect(match.file.hasSuffix(name))
            }
        }
    }

    @Test(arguments: packageCases.keys.sorted())
    func packageIsRejected(_ name: String) throws {
        let found = problems(of: Fixtures.path("packages/" + name))
        #expect(found.contains { $0.isError })
        for expected in Self.packageCases[name] ?? [] {
            let match = found.first {
                $0.code.rawValue == expected["code"] && $0.path == expected["path"]
                    && ($0.file as NSString).lastPathComponent == ((expected["file"] ?? "") as NSString).lastPathComponent
            }
            #expect(match != nil, "\(name): expected \(expected), got \(found.map(\.description))")
            #expect(match?.line != nil)
        }
    }

    @Test func allProblemsOfOneFileAreReported() {
        let found = problems(of: Fixtures.path("invalid/many-problems.json")).filter(\.isError)
        #expect(Set(found.map(\.code.rawValue)) == ["E-DEF-017", "E-DEF-014", "E-DEF-015"])
    }

    @Test func unknownKeySuggestsTheNearestField() {
        let found = problems(of: Fixtures.path("invalid/unknown-key-indicator.json"))
        #expect(found.first { $0.code.rawValue == "E-DEF-012" }?.message.contains("「weight」") == true)
    }

    @Test func gbkFileSaysItIsNotUTF8() {
        let found = problems(of: Fixtures.path("invalid/gbk-encoded.json"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("UTF-8") == true)
    }

    @Test func malformedJSONGivesThePositionOfTheError() {
        // The fixture drops the comma after "name" on line 3; the parser notices at line 4.
        let found = problems(of: Fixtures.path("invalid/malformed-missing-comma.json"))
        #expect(found.first?.line == 4)
        #expect(found.first?.column == 3)
    }

    @Test func errorsInSeveralFilesOfAPackageComeTogether() {
        let found = problems(of: Fixtures.path("packages/errors-in-files/package.json")).filter(\.isError)
        #expect(Set(found.map { ($0.file as NSString).lastPathComponent }) == ["bad.json", "package.json"])
    }
}
