import Foundation
import OOXML

/// The manifest of a whole package run as `ManifestEntries`: the files as `StagedFiles`
/// recorded them (`WrittenFiles`), each project's entry made from the generator when the text
/// or the record reaches it. `manifest.json` and the package record are written from it in
/// pieces; nothing holds the whole manifest (issue 12).
struct PackageManifest: ManifestEntries, Sendable {
    let format = Manifest.currentFormat
    let tool: String
    let packageSHA256: String
    let files: WrittenFiles
    let generator: PackageGenerator

    init(generator: PackageGenerator, files: WrittenFiles) {
        tool = generator.options.toolVersion
        packageSHA256 = Manifest.sha256(generator.packageBytes)
        self.files = files
        self.generator = generator
    }

    var fileCount: Int { files.count }
    var projectCount: Int { generator.package.projects.count }
    func project(_ index: Int) -> Manifest.Project { generator.manifestProject(index) }

    func withFile<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        files.withFile(index, body)
    }
}

/// The manifest of an update in place (`project --id`) as `ManifestEntries`: the files kept
/// (the last manifest's entries, with the stamps their inspection found) and the files just
/// written, merged in path order without copying either list; the projects from the generator.
/// The text and the record go to their files in pieces (issue 12: at 10 000 projects the merged
/// copy, the `Manifest` and its 11 MB text were all held at once).
struct UpdatedManifest: ManifestEntries, Sendable {
    let format = Manifest.currentFormat
    let tool: String
    let packageSHA256: String
    private let kept: [Manifest.File]
    private let keptStamps: [SystemFiles.Stamp?]
    private let written: WrittenFiles
    /// Per entry, in order: `kept[i]` as i, `written`'s i as ~i.
    private let order: [Int]
    /// Every project's entry, made once on every core (`PackageWriter.writeProject`): the text and
    /// the record are written at the same time on two threads, and with the check for renamed
    /// projects each made all of them again (at 10 000 projects, about 20 ms a pass). A whole
    /// package (`PackageManifest`) makes them as asked, its memory kept flat.
    private let projects: [Manifest.Project]

    /// `sorted`: `kept` is in the manifest's order (the record's inspection); then the few
    /// written files are merged in rather than everything sorted again.
    /// `projects`: the generator's `manifestProjects()`.
    init(generator: PackageGenerator, projects: [Manifest.Project], kept: [Manifest.File], stamps: [SystemFiles.Stamp?], sorted: Bool,
         written: WrittenFiles) {
        tool = generator.options.toolVersion
        packageSHA256 = Manifest.sha256(generator.packageBytes)
        self.kept = kept
        keptStamps = stamps
        self.written = written
        self.projects = projects
        let names = (0..<written.count).map(written.path)
        var order: [Int] = []
        order.reserveCapacity(kept.count + names.count)
        if sorted {
            var start = 0
            for (index, name) in names.enumerated() {
                // The first kept file not before it (binary search: kept is sorted).
                var low = start, high = kept.count
                while low < high {
                    let middle = (low + high) / 2
                    if kept[middle].path < name { low = middle + 1 } else { high = middle }
                }
                order += start..<low
                order.append(~index)
                start = low
            }
            order += start..<kept.count
        } else {
            func path(_ entry: Int) -> String { entry >= 0 ? kept[entry].path : names[~entry] }
            order = (Array(kept.indices) + names.indices.map { ~$0 }).sorted { path($0) < path($1) }
        }
        self.order = order
    }

    var fileCount: Int { order.count }
    var projectCount: Int { projects.count }
    func project(_ index: Int) -> Manifest.Project { projects[index] }

    func withFile<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        let entry = order[index]
        guard entry >= 0 else { return written.withFile(~entry, body) }
        var path = kept[entry].path, sha = kept[entry].sha256
        return path.withUTF8 { path in sha.withUTF8 { sha in body(path, sha, kept[entry].bytes) } }
    }

    /// The stamp to record for file `index`: a kept file's as inspected; none for a written one
    /// (hashed next time).
    func stamp(_ index: Int) -> SystemFiles.Stamp? {
        order[index] >= 0 ? keptStamps[order[index]] : nil
    }
}
