import Foundation
import Reports

/// Writes generated files into a package directory atomically (see `StagedOutput`).
public enum PackageWriter {
    /// A whole package: the directory afterwards holds exactly these files and the manifest.
    public static func writePackage(_ generator: PackageGenerator, files: [GeneratedFile], to destination: URL) throws(ReportKitFailure) {
        do {
            let output = try StagedOutput(destination: destination)
            let manifest = try generator.manifest(files: files)
            for file in files + [manifest] { try output.write(file.path, file.bytes) }
            try output.commit()
        } catch let error as ReportKitError {
            throw ReportKitFailure(["\(error)"])
        } catch let failure as ReportKitFailure {
            throw failure
        } catch {
            throw ReportKitFailure(["\(ReportKitError.Code.outputWrite.rawValue) \(error)"])
        }
    }

    /// One project regenerated inside an existing package: its files and the summary are
    /// replaced, the manifest refreshed, every other file copied unchanged.
    public static func writeProject(_ generator: PackageGenerator, projectID: String, files: [GeneratedFile], in destination: URL) throws(ReportKitFailure) {
        let fm = FileManager.default
        let manifestURL = destination.appendingPathComponent(PackageGenerator.manifestName)
        guard let data = fm.contents(atPath: manifestURL.path),
              let old = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw ReportKitFailure(["\(ReportKitError.Code.outputNotAPackage.rawValue) \(destination.path)：不是 reportgen 生成的报告包目录（缺少或无法读取 manifest.json）。请先运行 reportgen package 生成整个报告包。"])
        }
        let regenerated = Set(files.map(\.path))
        let previousOfProject = Set(old.projects.first { $0.id == projectID }?.files ?? [])
        do {
            let output = try StagedOutput(destination: destination)
            var all: [GeneratedFile] = files
            for name in try existingFiles(in: destination) where name != PackageGenerator.manifestName
                && !regenerated.contains(name) && !previousOfProject.contains(name) {
                try output.keep(name)
                all.append(GeneratedFile(path: name, bytes: Array(try Data(contentsOf: destination.appendingPathComponent(name)))))
            }
            for file in files { try output.write(file.path, file.bytes) }
            let manifest = try generator.manifest(files: all)
            try output.write(manifest.path, manifest.bytes)
            try output.commit()
        } catch let error as ReportKitError {
            throw ReportKitFailure(["\(error)"])
        } catch let failure as ReportKitFailure {
            throw failure
        } catch {
            throw ReportKitFailure(["\(ReportKitError.Code.outputWrite.rawValue) \(error)"])
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
