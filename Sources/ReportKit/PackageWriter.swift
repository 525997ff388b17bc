import Foundation
import Reports

/// Runs a generator into a package directory atomically (see `StagedOutput`): the
/// directory is replaced only when every file is written.
public enum PackageWriter {
    /// Extra files made from the rendered ones before the swap (e.g. PDFs).
    public typealias Finisher = (StagedFiles) throws(ReportKitFailure) -> Void

    /// A whole package: the directory afterwards holds exactly the generated files and the manifest.
    /// An existing destination is replaced only when it is empty or an earlier package (it has a
    /// manifest): `-o ~/Documents` must never wipe a folder of other files.
    public static func writePackage(_ generator: PackageGenerator, to destination: URL,
                                    progress: (@Sendable (PackageProgress) -> Void)? = nil,
                                    finish: Finisher? = nil) throws(ReportKitFailure) -> [String] {
        try checkReplaceable(destination)
        return try run(destination) { files throws(ReportKitFailure) in
            let warnings = try generator.generate(into: files, progress: progress)
            try finish?(files)
            return warnings
        } manifest: { files throws(ReportKitFailure) in try generator.manifest(files: files.files) }
    }

    /// One project regenerated inside an existing package: its files and the summary are
    /// replaced, the manifest refreshed, every other file copied unchanged.
    public static func writeProject(_ generator: PackageGenerator, projectID: String, in destination: URL,
                                    progress: (@Sendable (PackageProgress) -> Void)? = nil,
                                    finish: Finisher? = nil) throws(ReportKitFailure) -> [String] {
        let manifestURL = destination.appendingPathComponent(PackageGenerator.manifestName)
        guard let data = FileManager.default.contents(atPath: manifestURL.path),
              let old = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw ReportKitFailure(["\(ReportKitError.Code.outputNotAPackage.rawValue) \(destination.path)：不是 reportgen 生成的报告包目录（缺少或无法读取 manifest.json）。请先运行 reportgen package 生成整个报告包。"])
        }
        let previousOfProject = Set(old.projects.first { $0.id == projectID }?.files ?? [])
        return try run(destination) { files throws(ReportKitFailure) in
            let warnings = try generator.generate(only: projectID, into: files, progress: progress)
            try finish?(files)
            let regenerated = Set(files.files.map(\.path))
            do {
                for name in try existingFiles(in: destination) where name != PackageGenerator.manifestName
                    && !regenerated.contains(name) && !previousOfProject.contains(name) {
                    try files.keep(name)
                }
            } catch let error as ReportKitError {
                throw ReportKitFailure(["\(error)"])
            } catch {
                throw ReportKitFailure(["\(ReportKitError.Code.outputWrite.rawValue) \(destination.path)：\(error)"])
            }
            return warnings
        } manifest: { files throws(ReportKitFailure) in try generator.manifest(files: files.files) }
    }

    private static func run(_ destination: URL,
                            body: (StagedFiles) throws(ReportKitFailure) -> [String],
                            manifest: (StagedFiles) throws(ReportKitFailure) -> GeneratedFile) throws(ReportKitFailure) -> [String] {
        let files: StagedFiles
        do {
            files = StagedFiles(try StagedOutput(destination: destination))
        } catch {
            throw ReportKitFailure(["\(error)"])
        }
        let warnings = try body(files)
        let manifestFile = try manifest(files)
        do {
            try files.output.write(manifestFile.path, manifestFile.bytes)
            try files.output.commit()
        } catch {
            throw ReportKitFailure(["\(error)"])
        }
        return warnings
    }

    static func checkReplaceable(_ destination: URL) throws(ReportKitFailure) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ReportKitFailure(["\(ReportKitError.Code.outputExists.rawValue) \(destination.path)：已存在同名文件，不是目录；请换一个输出目录（-o）。"])
        }
        let entries = (try? fm.contentsOfDirectory(atPath: destination.path)) ?? []
        let isPackage = fm.fileExists(atPath: destination.appendingPathComponent(PackageGenerator.manifestName).path)
        guard entries.isEmpty || isPackage else {
            throw ReportKitFailure(["\(ReportKitError.Code.outputExists.rawValue) \(destination.path)：目录已存在且不是 reportgen 生成的报告包（没有 manifest.json），为免覆盖其中的文件，未写入任何内容；请换一个输出目录（-o）或先清空它。"])
        }
    }

    /// Relative paths of the regular files below `directory`, sorted.
    static func existingFiles(in directory: URL) throws -> [String] {
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
