import ErrorCodes
import Foundation
import OOXML
import Reports

/// Runs a generator into a package directory atomically (see `StagedOutput`): the
/// directory is replaced only when every file is written, and only when replacing it loses
/// nothing of the user's (see `PackageFolder`).
public enum PackageWriter {
    /// Extra files made from the rendered ones before the swap (e.g. PDFs).
    public typealias Finisher = (StagedFiles) throws(ReportKitFailure) -> Void

    /// A whole package: the directory afterwards holds exactly the generated files and the manifest.
    /// An existing destination is replaced only when it is empty or an unchanged earlier
    /// package: reportgen's manifest lists every file in it with the right hash. `-o ~/Documents`,
    /// or a package folder where the user saved `thesis.docx`, is refused and left untouched.
    public static func writePackage(_ generator: PackageGenerator, to destination: URL,
                                    progress: (@Sendable (PackageProgress) -> Void)? = nil,
                                    finish: Finisher? = nil) throws(ReportKitFailure) -> [String] {
        let output = try open(destination)
        try checkReplaceable(output.destination, cache: generator.options.cacheFolder)
        return try run(output, cache: generator.options.cacheFolder, templates: generator.templates.projectTemplateDigests) { files throws(ReportKitFailure) in
            let warnings = try generator.generate(into: files, progress: progress)
            try finish?(files)
            return warnings
        } manifest: { files in PackageManifest(generator: generator, files: files.sorted(releasing: true)) }
    }

    /// The package folder a `project --id` run updates, locked (`StagedOutput`) and compared with
    /// its manifest (`PackageFolder`), before the run knows the package's definitions: the CLI
    /// inspects it while it loads them (checking 30 000 files and loading 10 000 projects do
    /// not depend on each other), then `writeProject(_:projectID:folder:)` goes on from here.
    public final class ProjectFolder: @unchecked Sendable {
        let output: StagedOutput
        let folder: PackageFolder
        let force: Bool

        init(output: StagedOutput, folder: PackageFolder, force: Bool) {
            self.output = output
            self.folder = folder
            self.force = force
        }
    }

    /// Locks `destination` and compares it with its manifest (see `writeProject`). `cache` must
    /// be the generator's (`PackageOptions.cacheFolder`).
    public static func inspectProjectFolder(_ destination: URL, cache: URL?, force: Bool = false) throws(ReportKitFailure) -> ProjectFolder {
        let output = try open(destination)
        let path = output.destination.path
        guard SystemFiles.kind(path) == .directory else {
            throw ReportKitFailure(ReportKitError(.outputNotAPackage, "目录不存在或不是目录。请先运行 reportgen package 生成整个报告包。", path: path))
        }
        // With --force every file is hashed; otherwise the package record (`PackageIndex`) stands
        // for the manifest and vouches for files, and without a usable one the folder is read
        // in full, files the stamp record vouches for not hashed.
        let index = force ? nil : PackageIndex.read(for: output.destination, cache: cache)
        let folder: PackageFolder
        if let index, var indexed = try inspect(output.destination, index: index) {
            indexed.templates = index.templates
            folder = indexed
        } else {
            folder = try inspect(output.destination, stamps: force ? StampCache() : StampCache.read(for: output.destination, cache: cache, index: index))
        }
        guard folder.manifest != nil else {
            throw ReportKitFailure(ReportKitError(.outputNotAPackage, "不是 reportgen 生成的报告包目录（\(folder.manifestState)）。请先运行 reportgen package 生成整个报告包。", path: path))
        }
        return ProjectFolder(output: output, folder: folder, force: force)
    }

    /// Whether any project of the old manifest is in the package: the first few are looked up
    /// directly (the usual case ends at the first), the rest through a set of ids.
    static func sharesAProject(_ old: [Manifest.Project], with generator: PackageGenerator) -> Bool {
        if old.prefix(4).contains(where: { generator.package.index(ofProject: $0.id) != nil }) { return true }
        let ids = Set(generator.manifestProjects().map(\.id))
        return old.contains { ids.contains($0.id) }
    }

    /// One project regenerated inside an existing package: its files and the summary are
    /// replaced, the manifest refreshed, every other file copied unchanged. The old manifest
    /// is the truth: files that differ from it or are missing are an error (with `force`,
    /// they are regenerated instead); files it does not list are never adopted (an error,
    /// force or not); symlinks are never followed. `folder` is what `inspectProjectFolder`
    /// locked and inspected.
    public static func writeProject(_ generator: PackageGenerator, projectID: String, folder inspected: ProjectFolder,
                                    progress: (@Sendable (PackageProgress) -> Void)? = nil,
                                    finish: Finisher? = nil,
                                    update: ((ProjectUpdate) -> Void)? = nil) throws(ReportKitFailure) -> [String] {
        let output = inspected.output
        let folder = inspected.folder
        let force = inspected.force
        let path = output.destination.path
        let cache = generator.options.cacheFolder
        guard let old = folder.manifest else {
            throw ReportKitFailure(ReportKitError(.outputNotAPackage, "不是 reportgen 生成的报告包目录（\(folder.manifestState)）。请先运行 reportgen package 生成整个报告包。", path: path))
        }
        var problems: [any CodedError] = []
        if !folder.foreign.isEmpty {
            problems.append(ReportKitError(.outputExists, "目录中有 manifest.json 未列出的内容 \(PackageFolder.names(folder.foreign))；reportgen 不会收录也不会删除它们（--force 也不会），请移到别处后重试。", path: path))
        }
        let summaryFiles = [PackageGenerator.summaryName + ".docx", PackageGenerator.summaryName + ".csv"]
        let previousOfProject = Set(old.projects.first { $0.id == projectID }?.files ?? [])
        let current = generator.package.index(ofProject: projectID).map { generator.files(ofProject: $0).all } ?? []
        let regeneratedAnyway = Set(current).union(previousOfProject).union(summaryFiles)
        // Every project's names only for a damaged package (files missing or edited).
        let names = folder.missing.isEmpty && folder.modified.isEmpty ? [:] : generator.fileNames()
        // Files of no project are the package-wide documents, rendered again anyway (below).
        var missing = folder.missing.filter { !regeneratedAnyway.contains($0) }
        if !missing.isEmpty {
            let projectFiles = Set(names.values.flatMap(\.all)).union(old.projects.flatMap(\.files)).union(summaryFiles)
            missing = missing.filter { projectFiles.contains($0) }
        }
        if !folder.modified.isEmpty && !force {
            problems.append(ReportKitError(.packageModified, "以下文件与 manifest.json 记录的不一致（生成后被改动过）：\(PackageFolder.names(folder.modified))；为免丢失这些改动，未写入任何内容。确认不需要这些改动时加 --force 重新生成它们。", path: path))
        }
        // A folder made from another package (`-o` mistyped): none of the projects it lists is
        // in this one. Updating it would remove all of them, leaving that unit's package half
        // replaced; `--force` does not change that.
        if !old.projects.isEmpty && !Self.sharesAProject(old.projects, with: generator) {
            problems.append(ReportKitError(.outputOfAnotherPackage, "输出目录中的报告包不是由这个报告包文件生成的：其 manifest.json 列出的 \(old.projects.count) 个项目（如「\(old.projects[0].id)」）没有一个在这个报告包中；为免删去那个报告包的文件，未写入任何内容。请检查 -o；要在这里生成这个报告包，请先把该目录移到别处，再运行 reportgen package。", path: path))
        }
        if !missing.isEmpty && !force {
            problems.append(ReportKitError(.packageMissingFiles, "manifest.json 列出的以下文件不存在：\(PackageFolder.names(missing))；未写入任何内容。加 --force 重新生成它们。", path: path))
        }
        guard problems.isEmpty else { throw ReportKitFailure(problems) }

        let damaged = Set(folder.modified + missing)
        // The 决算公开 document attaches every project report and the 部门整体 report sums the
        // projects' figures: both depend on the project, so they are rendered again with it.
        var selection = PackageGenerator.Selection(projects: [projectID], documents: true)
        if !damaged.isEmpty {
            for (id, files) in names where !damaged.isDisjoint(with: files.all) { selection.projects.insert(id) }
            for project in old.projects where names[project.id] != nil && !damaged.isDisjoint(with: project.files) {
                selection.projects.insert(project.id)
            }
        }
        // A template of the projects' documents changed since the record was made: every
        // document of it is made again, not only this project's (the package would otherwise
        // hold documents of two designs, and differ from a fresh one). Without a record (none
        // yet, the cache cleared, --force) which templates the kept documents were made from
        // is not known: all of them are made again, the unchanged ones to the same bytes.
        let templates = generator.templates.projectTemplateDigests
        let known = folder.templates.count == templates.count
        let restyled = TemplateSet.ProjectDocument.allCases.filter { !known || folder.templates[$0.rawValue] != templates[$0.rawValue] }
        var restyledNote: [String] = []
        if !restyled.isEmpty {
            let others = generator.projects(having: restyled).filter { $0 != projectID }
            selection.projects.formUnion(others)
            let names = restyled.map { ShownPath.shown(generator.templates.template(of: $0).name) }
            if known && !others.isEmpty {
                restyledNote = [ReportKitError(.restyledTemplateRemade, "模板 \(names.joined(separator: "、")) 在上次生成之后改过：用\(names.count > 1 ? "这些模板" : "这个模板")的其他 \(others.count) 个项目的文件也已按新模板重新生成，使报告包中同一模板的文件一致（与重新运行 reportgen package 的结果相同）。若模板并没有改，而是上次生成时用了 --templates、这次没有给出，请加上同样的 --templates 再运行一次。").description]
            }
        }
        // A project whose data did not change but whose file names did (another project's new
        // name now shares its file name part, or no longer does: both then carry their id) is
        // made again under its new names, its old files removed; a project no longer in the
        // package loses its files: as a fresh package would have it.
        var previousOfSelected = Array(previousOfProject)
        let projects = generator.manifestProjects()
        // The package file changed since the folder was made (its year, the unit's name…): every
        // project's documents may print it, so all are made again, as a fresh package has them.
        if old.packageSHA256 != Manifest.sha256(generator.packageBytes) {
            selection.projects.formUnion(projects.map(\.id))
        }
        for (project, present) in generator.projectsWithOtherFiles(since: old.projects, now: projects, except: projectID) {
            if present { selection.projects.insert(project.id) }
            previousOfSelected += project.files
        }

        // Another edited project made again here is current from now on (W-DEF-036).
        generator.package.recordRegenerated(selection.projects)

        // Only the regenerated files, the summary and the manifest are written; every other file
        // stays where it is, untouched (`PackageJournal`): the work follows what changed.
        let files = StagedFiles(output)
        let warnings: [String]
        do {
            warnings = try generator.generate(selection: selection, into: files, progress: progress)
            try finish?(files)
        } catch {
            if let failure = files.firstSystemFailure { throw ReportKitFailure(failure) }
            throw error
        }
        let staged = files.files
        // Tested against every kept file's path: compared as bytes (`PathSet`), since hashing
        // 30 000 non-ASCII Strings normalises each of them.
        let regenerated = PathSet(staged.map(\.path))
        let previousPaths = PathSet(previousOfSelected)
        var kept: [Manifest.File] = []
        var keptStamps: [SystemFiles.Stamp?] = []
        kept.reserveCapacity(folder.intact.count)
        keptStamps.reserveCapacity(folder.intact.count)
        var removals: [PackageJournal.Removal] = []
        for (file, stamp) in zip(folder.intact, folder.intactStamps) {
            let replaced = regenerated.contains(file.path)
            // A PDF (`package --pdf`) shows its DOCX: once that is made again or gone, the PDF
            // not made again with it (`project` without --pdf) would contradict it, so it goes.
            let stalePDF = !replaced && Self.documentOfPDF(file.path).map { regenerated.contains($0) || previousPaths.contains($0) } == true
            if !replaced && !previousPaths.contains(file.path) && !stalePDF {
                kept.append(file)
                // Kept files are not touched: a stamp that predates the inspection still vouches.
                keptStamps.append(stamp.changed < folder.inspectedAt ? stamp : nil)
            } else if !replaced {
                // The project's old files it no longer has (it was renamed), only while they
                // still hold what the manifest lists.
                removals.append(PackageJournal.Removal(path: file.path, sha256: file.sha256))
            }
        }
        // With --force, damaged files no project makes any more.
        removals += folder.modified.filter { !regenerated.contains($0) }.map { PackageJournal.Removal(path: $0, sha256: nil) }
        let manifest = UpdatedManifest(generator: generator, projects: projects, kept: kept, stamps: keptStamps, sorted: folder.inManifestOrder,
                                       written: files.sorted())
        var previous: [String: String] = [:]
        for file in old.files where regenerated.contains(file.path) && previous[file.path] == nil { previous[file.path] = file.sha256 }
        update?(ProjectUpdate(changed: staged.filter { file in previous[file.path].map { $0 != file.sha256 } ?? false }.map(\.path),
                              added: staged.filter { previous[$0.path] == nil }.map(\.path),
                              removed: (removals.map(\.path) + folder.missing.filter { !regenerated.contains($0) }).sorted(),
                              kept: kept.count + staged.filter { previous[$0.path] == $0.sha256 }.count,
                              regenerated: selection.projects))
        // Kept files were not touched: what inspecting them found still holds; the files just
        // written are hashed next time (a handful). The record is made on another thread while
        // the manifest is written and committed; it takes the manifest's stamp last.
        let record = PackageIndex.start(for: output.destination, entries: manifest, stamps: { manifest.stamp($0) }, templates: templates, cache: cache)
        let manifestStamp: SystemFiles.Stamp?
        do {
            manifestStamp = try files.writeManifest { write in ManifestText.encode(pieces: manifest, write) }
            try output.commitInPlace(removals: removals, installs: staged.map(\.path) + [PackageGenerator.manifestName])
        } catch {
            record?.cancel()
            PackageIndex.remove(for: output.destination, cache: cache)
            throw ReportKitFailure(error)
        }
        record?.finish(written: manifestStamp)
        let dropped = damaged.filter { !regenerated.contains($0) }.sorted()
        return recoveredNote(output) + restyledNote + warnings + (dropped.isEmpty ? [] : [
            "\(PackageFolder.names(dropped)) 不属于报告包定义中的任何项目或文档，无法重新生成，已从 manifest.json 中去掉。",
        ])
    }

    /// `X.docx` for `X.pdf`, nil for any other file.
    static func documentOfPDF(_ path: String) -> String? {
        // On the bytes: asked for each of the 30 000 kept files of a large package, where
        // `hasSuffix` compared Characters of non-ASCII names.
        var path = path
        return path.withUTF8 { utf8 in
            utf8.count >= 4 && utf8[utf8.count - 4..<utf8.count].elementsEqual(".pdf".utf8)
                ? String(decoding: UnsafeBufferPointer(rebasing: utf8[..<(utf8.count - 4)]), as: UTF8.self) + ".docx" : nil
        }
    }

    /// What `writeProject` did, told from the old manifest and the files it wrote (the kept
    /// files are unchanged by definition): files whose content changed, new ones, removed ones.
    public struct ProjectUpdate: Sendable {
        public var changed: [String]
        public var added: [String]
        public var removed: [String]
        public var kept: Int
        /// The projects whose documents were made again: the one asked for, and any a template
        /// restyle, a damaged file or a new file name remade with it.
        public var regenerated: Set<String>
    }

    /// Locks the destination and cleans what killed runs left beside it.
    static func open(_ destination: URL) throws(ReportKitFailure) -> StagedOutput {
        do {
            return try StagedOutput(destination: destination)
        } catch {
            throw ReportKitFailure(error)
        }
    }

    static func inspect(_ destination: URL, index: PackageIndex) throws(ReportKitFailure) -> PackageFolder? {
        do {
            return try PackageFolder.inspect(destination, index: index)
        } catch {
            throw ReportKitFailure(ReportKitError(error))
        }
    }

    static func inspect(_ destination: URL, stamps: StampCache = StampCache()) throws(ReportKitFailure) -> PackageFolder {
        do {
            return try PackageFolder.inspect(destination, stamps: stamps)
        } catch {
            throw ReportKitFailure(ReportKitError(error))
        }
    }

    private static func run(_ output: StagedOutput, cache: URL?, templates: [String],
                            body: (StagedFiles) throws(ReportKitFailure) -> [String],
                            manifest: (StagedFiles) -> PackageManifest) throws(ReportKitFailure) -> [String] {
        let files = StagedFiles(output)
        let warnings: [String]
        do {
            warnings = try body(files)
        } catch {
            // Disk full fails every document the same way: say it once.
            if let failure = files.firstSystemFailure { throw ReportKitFailure(failure) }
            throw error
        }
        // The rendering threads' buffers are gone; the manifest's bytes (11 MB at 10 000
        // projects) go to the file as they are made.
        SystemFiles.trimFreedMemory()
        let written = manifest(files)
        let manifestStamp: SystemFiles.Stamp?
        do {
            manifestStamp = try files.writeManifest { write in ManifestText.encode(pieces: written, write) }
        } catch {
            PackageIndex.remove(for: output.destination, cache: cache)
            throw ReportKitFailure(error)
        }
        do {
            try output.commit()
        } catch {
            PackageIndex.remove(for: output.destination, cache: cache)
            throw ReportKitFailure(error)
        }
        // The manifest's files are those written before it, each with its stamp as written.
        let stamps = StampCache.settled(for: output.destination, files: written, known: written.files.stamp)
        PackageIndex.write(for: output.destination, entries: written, stamps: { stamps[$0] }, templates: templates,
                           written: manifestStamp, cache: cache)
        return recoveredNote(output) + warnings
    }

    static func recoveredNote(_ output: StagedOutput) -> [String] {
        let parent = output.destination.deletingLastPathComponent().path
        func shown(_ name: String) -> String { ShownPath.shown(parent + "/" + name) }
        let code = ErrorCode.interruptedRunCleanedUp.rawValue
        return (output.restoredOldPackage.map {
            ["\(code) 旧版本 reportgen 被中断时把原报告包移到了 \(shown($0))，已放回 \(ShownPath.shown(output.destination.path))。"]
        } ?? []) + (output.recovered.isEmpty ? [] : [
            "\(code) 已删除上次被中断的运行留下的 \(output.recovered.count) 个临时目录（\(shown(output.recovered[0]))\(output.recovered.count > 1 ? " 等" : "")）。",
        ])
    }

    static func checkReplaceable(_ destination: URL, cache: URL?) throws(ReportKitFailure) {
        let path = destination.path
        switch SystemFiles.kind(path) {
        case .missing: return
        case .directory: break
        default:
            throw ReportKitFailure(ReportKitError(.outputExists, "已存在同名文件，不是目录；请换一个输出目录（-o）。", path: path))
        }
        let folder = try inspect(destination, stamps: StampCache.read(for: destination, cache: cache))
        guard !folder.isUnchangedPackage else { return }
        if folder.manifest == nil {
            guard folder.foreign.isEmpty else {
                throw ReportKitFailure(ReportKitError(.outputExists, "目录已存在且不是 reportgen 生成的报告包（\(folder.manifestState)），为免覆盖其中的文件，未写入任何内容；请换一个输出目录（-o）或先清空它。", path: path))
            }
            return
        }
        var parts: [String] = []
        if !folder.foreign.isEmpty { parts.append("manifest.json 未列出的 \(PackageFolder.names(folder.foreign))") }
        if !folder.modified.isEmpty { parts.append("生成后被改动过的 \(PackageFolder.names(folder.modified))") }
        throw ReportKitFailure(ReportKitError(.outputExists, "目录中有不是上次生成结果的文件：\(parts.joined(separator: "；"))。为免删除它们，未写入任何内容；请把它们移到别处、换一个输出目录（-o）或先清空它。", path: path))
    }
}

/// A few paths, looked up by their bytes: the byte count first, then the bytes.
/// Paths come from the manifest and the generator, so two spellings of one name are two
/// files here as on disk.
struct PathSet {
    private var lengths: Set<Int> = []
    private var paths: [String] = []

    init(_ paths: [String]) {
        self.paths = paths
        lengths = Set(paths.map(\.utf8.count))
    }

    /// Whether two Strings hold the same UTF-8 bytes (one `memcmp`; `elementsEqual` on the
    /// views walks them a byte at a time).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    func contains(_ path: String) -> Bool {
        // The byte count of a native String is stored: most paths are told apart by it alone.
        guard lengths.contains(path.utf8.count) else { return false }
        return paths.contains { Self.sameBytes($0, path) }
    }
}
