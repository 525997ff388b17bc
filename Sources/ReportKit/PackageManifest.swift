import Foundation
import OOXML

/// The manifest of a whole package run as `ManifestEntries`: the files as `StagedFiles`
/// recorded them (`WrittenFiles`), each project's entry made from the generator when the text
/// or the record reaches it. `manifest.json` and the package record are written from it in
/// pieces; nothing holds the whole manifest (issue 12).
struct PackageManifest: ManifestEntries {
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
