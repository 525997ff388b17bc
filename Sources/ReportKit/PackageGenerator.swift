import Crypto
import ErrorCodes
import Foundation
import JSONValue
import OOXML
import Reports
import Templating

/// One file of a package, before it is written.
public struct GeneratedFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

public struct PackageOptions: Sendable {
    public var csvEncoding: CSVEncoding = .utf8BOM
    /// Threads rendering documents; both cores by default.
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var toolVersion: String = "reportgen"
    /// Where the records that let a later run skip unchanged files are kept (`CacheFolder`);
    /// nil: none are read or written (library callers and tests unless they pass one).
    public var cacheFolder: URL?
    /// The package folder being written: the summary's record of deflated row chunks
    /// (`SummaryChunks`) is kept per folder. nil: none is read or written.
    public var outputFolder: URL?

    public init() {}
}

/// Progress of a run, for a terminal display.
public struct PackageProgress: Sendable {
    public var done: Int
    public var total: Int
    public var current: String
}

/// Turns a loaded package into its files (docs/数据格式.md §5): per project the report, the
/// self-evaluation sheet (DOCX and CSV) and, where asked, the 特定目标类 form; the summary
/// (DOCX and CSV); the final-accounts and department documents when given; the manifest.
public struct PackageGenerator: Sendable {
    public let package: LoadedPackage
    public let templates: TemplateSet
    public let options: PackageOptions
    /// The package file's bytes, hashed into the manifest.
    public let packageBytes: [UInt8]

    public init(package: LoadedPackage, templates: TemplateSet, packageBytes: [UInt8], options: PackageOptions = PackageOptions()) {
        self.package = package
        self.templates = templates
        self.packageBytes = packageBytes
        self.options = options
        entries = Self.entries(of: package.projects)
    }

    /// What the file names and the manifest need of each project, read in one pass over the
    /// projects' briefs (`ProjectList.brief`: no project decoded whole) when the generator is
    /// made: a package of tens of thousands of projects asks for them several times. The names
    /// themselves are made when asked for, not held for every project through the run.
    private let entries: Entries

    private struct Entry: Sendable {
        var stem: String
        var id: String
        var name: String
        var sheetFile: Bool
        var targetForm: Bool
        /// As the 汇总表 prints them: a sheet not out of 100 (an import skeleton) has no score or 等次.
        var total: String?
        var grade: String?
    }

    public static let manifestName = "manifest.json"
    public static let summaryName = "项目支出绩效自评汇总表"

    /// File names of one project, made safe and unique within the package.
    public struct ProjectFiles: Sendable {
        public var report: String
        /// nil when the project's 自评表 would be empty (`Appendix.sheetFile`, W-DEF-020).
        public var sheetDocument: String?
        public var sheetCSV: String?
        public var targetForm: String?
        public var all: [String] {
            // Built in place: asked for every project of the manifest on each run.
            var files = [report]
            files.reserveCapacity(4)
            if let sheetDocument { files.append(sheetDocument) }
            if let sheetCSV { files.append(sheetCSV) }
            if let targetForm { files.append(targetForm) }
            return files
        }
    }

    public func fileNames() -> [String: ProjectFiles] {
        var names: [String: ProjectFiles] = [:]
        names.reserveCapacity(entries.count)
        for index in entries.indices { names[entries.id(index)] = files(ofProject: index) }
        return names
    }

    /// The projects of the last manifest (`old`) whose files there are no longer the ones the
    /// package gives them, as that manifest lists them: renamed (`present`), or no longer in the
    /// package (their files go, as a fresh package has none); not `except` (the project being
    /// regenerated). Compared on every core, each project found at its old place in the package
    /// (the usual case) by the bytes of its id, else by a table of all ids: at 10 000 projects a
    /// table of every project's names was made for this on one thread.
    /// `now`: every project's manifest entry (`manifestProjects()`).
    func projectsWithOtherFiles(since old: [Manifest.Project], now: [Manifest.Project], except: String) -> [(project: Manifest.Project, present: Bool)] {
        let entries = entries
        let inPlace = Slices.map(count: old.count, minimum: 2048) { range in
            range.allSatisfy { $0 < entries.count && entries.hasID($0, old[$0].id) }
        }.allSatisfy { $0 }
        let byID: [String: Int]? = inPlace ? nil
            : Dictionary(entries.indices.map { (entries.id($0), $0) }, uniquingKeysWith: { first, _ in first })
        return Slices.map(count: old.count, minimum: 1024) { range in
            var other: [(project: Manifest.Project, present: Bool)] = []
            for place in range {
                let project = old[place]
                let index: Int?
                if let byID { index = byID[project.id] } else { index = place }
                guard project.id != except else { continue }
                guard let index else {
                    other.append((project, false))
                    continue
                }
                let files = now[index].files
                // Compared as bytes: String equality normalises every non-ASCII name again.
                if files.count != project.files.count || !zip(files, project.files).allSatisfy(PathSet.sameBytes) {
                    other.append((project, true))
                }
            }
            return other
        }.flatMap { $0 }
    }

    /// The file names of the project at `index` in the package.
    func files(ofProject index: Int) -> ProjectFiles {
        let entry = entries[index]
        let stem = entry.stem
        return ProjectFiles(
            report: "项目支出绩效自评报告-\(stem).docx",
            sheetDocument: entry.sheetFile ? "项目支出绩效自评表-\(stem).docx" : nil,
            sheetCSV: entry.sheetFile ? "项目支出绩效自评表-\(stem).csv" : nil,
            targetForm: entry.targetForm ? "特定目标类部门预算项目绩效目标自评-\(stem).docx" : nil)
    }

    private static func entries(of projects: ProjectList) -> Entries {
        // Each project's naming (its safe name, its collision key, its printed score) depends on
        // it alone: made on every core in slices (at 10 000 projects this was 55 ms on one thread
        // before any document could start); only the counting of keys stays serial.
        let count = projects.count
        let parts = Slices.map(count: count, minimum: 512) { range in
            var made: [(entry: Entry, key: String)] = []
            made.reserveCapacity(range.count)
            for index in range {
                let project = projects.brief(index)
                let stem = FileNaming.safeName(project.name)
                // Only a sheet out of 100 prints a score and 等次 (an import skeleton has neither).
                var total: String?, grade: String?
                if let sheet = project.scoresheet, sheet.isOutOf100 {
                    total = FormFormat.score(sheet.total)
                    grade = sheet.grade.rawValue
                }
                made.append((Entry(stem: stem, id: project.id, name: project.name,
                                   sheetFile: project.appendix.sheetFile,
                                   targetForm: project.targetSelfEvaluation == true,
                                   total: total, grade: grade),
                             FileNaming.collisionKey(stem)))
            }
            return made
        }
        var keys: [String] = []
        keys.reserveCapacity(count)
        for part in parts {
            for (_, key) in part { keys.append(key) }
        }
        // Two names that differ only in characters made safe, or only in case, would collide
        // (the latter on Windows and macOS): add the id. Keys compared as bytes when that is
        // String equality (`NFCKey`), the usual case.
        let colliding = Set(keys.allSatisfy(NFCKey.isSurelyNFC) ? collisions(keys, as: NFCKey.init) : collisions(keys, as: { $0 }))
        keys = []
        var entries = Entries()
        var index = 0
        for part in parts {
            for (entry, _) in part {
                var entry = entry
                if colliding.contains(index) { entry.stem += "-" + entry.id }
                entries.append(entry)
                index += 1
            }
        }
        return entries
    }

    /// The entries held as their text's bytes, each given back as an `Entry` when asked for:
    /// three Strings per project held through the whole run were about 2.5 MB at 10 000 projects.
    private struct Entries: RandomAccessCollection, Sendable {
        private struct Packed: Sendable {
            var stem: ChunkedBytes.Span
            var id: ChunkedBytes.Span
            var name: ChunkedBytes.Span
            var sheetFile: Bool
            var targetForm: Bool
            // Short (a score, an 等次): held inline by String.
            var total: String?
            var grade: String?
        }
        private var text = ChunkedBytes(chunkSize: 256 * 1024)
        private var packed: [Packed] = []

        var startIndex: Int { 0 }
        var endIndex: Int { packed.count }

        subscript(index: Int) -> Entry {
            let entry = packed[index]
            func string(_ span: ChunkedBytes.Span) -> String { text.bytes(of: span) { String(decoding: $0, as: UTF8.self) } }
            return Entry(stem: string(entry.stem), id: string(entry.id), name: string(entry.name), sheetFile: entry.sheetFile,
                         targetForm: entry.targetForm, total: entry.total, grade: entry.grade)
        }

        /// Only the id (a selection's filter: the rest not made).
        func id(_ index: Int) -> String { text.bytes(of: packed[index].id) { String(decoding: $0, as: UTF8.self) } }

        /// Whether entry `index`'s id has the bytes of `id` (no String made).
        func hasID(_ index: Int, _ id: String) -> Bool {
            var id = id
            return text.bytes(of: packed[index].id) { stored in
                id.withUTF8 { $0.count == stored.count && ($0.isEmpty || memcmp($0.baseAddress!, stored.baseAddress!, $0.count) == 0) }
            }
        }

        mutating func append(_ entry: Entry) {
            func add(_ value: String) -> ChunkedBytes.Span {
                var value = value
                return value.withUTF8 { text.append($0) }
            }
            packed.append(Packed(stem: add(entry.stem), id: add(entry.id), name: add(entry.name), sheetFile: entry.sheetFile,
                                 targetForm: entry.targetForm, total: entry.total, grade: entry.grade))
        }
    }

    /// Indices of the keys that occur more than once.
    private static func collisions<Key: Hashable>(_ keys: [String], as key: (String) -> Key) -> [Int] {
        var used: [Key: Int] = [:]
        used.reserveCapacity(keys.count)
        let hashed = keys.map(key)
        for key in hashed { used[key, default: 0] += 1 }
        return hashed.indices.filter { used[hashed[$0], default: 0] > 1 }
    }

    var unit: UnitInfo { package.definition.unit }

    /// The context a project's documents are rendered from. Built when needed, never all
    /// at once, so memory does not grow with the number of projects.
    public func context(ofProject index: Int) throws(ReportKitFailure) -> JSONValue {
        ProjectContext(project: try fullProject(index), unit: unit).value()
    }

    /// Renders everything (or, with `only`, one project's files) plus the summary into `sink`,
    /// each document written as soon as it is rendered so memory stays flat however many
    /// projects there are. Every failure of every document is reported; returns the warnings.
    public func generate(only projectID: String? = nil, into sink: StagedFiles,
                         progress: (@Sendable (PackageProgress) -> Void)? = nil) throws(ReportKitFailure) -> [String] {
        try generate(selection: projectID.map { Selection(projects: [$0], documents: true) }, into: sink, progress: progress)
    }

    /// Which files a partial run regenerates: some projects' files, the summary, and the
    /// package-wide documents (final accounts, department) when `documents`.
    public struct Selection: Sendable {
        public var projects: Set<String>
        public var documents: Bool
        public init(projects: Set<String>, documents: Bool) {
            self.projects = projects
            self.documents = documents
        }
    }

    /// Everything when `selection` is nil. Each project's job reads its definition again when
    /// the package is slim and writes its CSV beside its documents, so nothing is left serial.
    public func generate(selection: Selection?, into sink: StagedFiles,
                         progress: (@Sendable (PackageProgress) -> Void)? = nil) throws(ReportKitFailure) -> [String] {
        // A project's job (its file names and titles) is made by the thread that renders it:
        // held for all 10 000 projects at once, the jobs were megabytes for the whole run.
        let projects = entries.indices.filter { selection?.projects.contains(entries.id($0)) ?? true }
        var jobs: [Job] = []
        jobs.append(Job(label: Self.summaryName,
                        paths: [Job.Document(Self.summaryName + ".docx", \.summary, title: "\(package.definition.year)年度\(Self.summaryName)")],
                        data: .summary))
        if selection?.documents ?? true {
            if let finalAccounts = package.finalAccounts {
                let title = finalAccounts.definition.title ?? "\(package.definition.year)年度部门决算"
                jobs.append(Job(label: "部门决算", paths: [Job.Document("部门决算情况说明.docx", \.finalAccounts, title: title)],
                                data: .finalAccounts(finalAccounts)))
            }
            if let department = package.department {
                let title = department.title ?? "\(package.definition.year)年度部门整体绩效自评报告"
                jobs.append(Job(label: "部门整体绩效", paths: [Job.Document("部门整体绩效自评报告.docx", \.department, title: title)],
                                data: .value(departmentContext(department))))
            }
        }
        return try render(projects: projects, others: jobs, into: sink, progress: progress)
    }

    /// What `package` makes its loaded list compact with (`PackageLoader.Slim.compactWith`):
    /// each job reads its project whole again (`fullProject`), checked against this digest.
    public static let projectDigest: ProjectList.Digest = { Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) }

    /// Ids of the projects that have one of `documents`, by the rule `projectJob` makes them by.
    func projects(having documents: [TemplateSet.ProjectDocument]) -> [String] {
        entries.indices.compactMap { index in
            let files = files(ofProject: index)
            let has = documents.contains { document in
                switch document {
                case .report: true
                case .sheet: files.sheetDocument != nil
                case .targetForm: files.targetForm != nil
                }
            }
            return has ? entries.id(index) : nil
        }
    }

    /// The job of the project at `index` in the package, read whole (`fullProject`): its
    /// documents, titles and CSV. Without the project (it could not be read again) the job has
    /// no documents; its failure is the reading's.
    func projectJob(_ index: Int, project: LoadedProject?) -> Job {
        guard let project else { return Job(label: entries[index].name, paths: [], data: .project(index, csv: nil)) }
        let name = project.definition.name
        let files = files(ofProject: index)
        let report = ProjectContext(project: project, unit: unit).title
        var templates: [Job.Document] = [Job.Document(files.report, \.projectReport, title: "\(report)（\(name)）")]
        if let sheet = files.sheetDocument {
            templates.append(Job.Document(sheet, \.selfEvaluationSheet, title: "\(project.year)年度项目支出绩效自评表（\(name)）"))
        }
        if let target = files.targetForm {
            let title = TargetFormTitle.text(year: project.year, given: project.definition.targetFormTitle)
            templates.append(Job.Document(target, \.targetSelfEvaluation, title: "\(title)（\(name)）"))
        }
        return Job(label: name, paths: templates, data: .project(index, csv: files.sheetCSV))
    }

    /// A project whole, read again from its file when the package is slim.
    func fullProject(_ index: Int) throws(ReportKitFailure) -> LoadedProject {
        switch package.projects.reload(index, package: package.definition) {
        case .success(let project): return project
        case .failure(let errors): throw ReportKitFailure(errors.problems)
        }
    }

    /// `parts`: the outline's first level prints 第一部分… (the 决算公开 document), followed by
    /// its `attachments` (附件1, 附件2 …: a label, title lines and an outline each).
    func documentContext(title: String, body: JSONValue, parts: Bool = false, attachments: [JSONValue] = [],
                         attachmentsPart: String = "") -> JSONValue {
        .object([
            ("year", .string(String(package.definition.year))),
            ("unit", ProjectContext.unitValue(unit)),
            // The unit line is left out when the title already names the unit.
            ("document", .object([("title", .string(title)), ("showUnit", .bool(!title.contains(unit.name))),
                                  ("parts", .bool(parts))])),
            ("body", body),
            ("attachments", .array(attachments)),
            ("attachmentsPart", .string(attachmentsPart)),
        ])
    }

    /// A scored department report carries a project's keys (funds, indicators, sheet with its
    /// computed total and grade), so its outline's `table` nodes print its own 自评表.
    func assessmentMembers() -> [(String, JSONValue)] {
        guard let assessment = package.departmentAssessment else { return [] }
        let value = ProjectContext(project: assessment, unit: unit).value()
        return value.objectValue?.members.filter { !["body", "year", "unit"].contains($0.key) }.map { ($0.key, $0.value) } ?? []
    }

    func departmentContext(_ department: DepartmentReport) -> JSONValue {
        let base = documentContext(title: department.title ?? "\(package.definition.year)年度部门整体绩效自评报告",
                                   body: BodyValue.outline(department.body))
        let members = (base.objectValue?.members.map { ($0.key, $0.value) } ?? []) + assessmentMembers()
        return .object(members)
    }

    /// The 决算公开 document in the seeds' order: 第一部分…第三部分 from the final accounts, then
    /// 第四部分 附件 — 附件1 the department report, 附件2 … the project reports in package order,
    /// each also written as its own file. The attachments are made one at a time as the
    /// document renders (`attachments.rows`; `attachments` in the data is an empty list standing
    /// for them): each project's context is about 20 KB, 200 MB for 10 000 projects at once.
    func finalAccountsContext(_ finalAccounts: LoadedFinalAccounts) -> (data: JSONValue, attachments: Attachments) {
        let attachments = Attachments(generator: self)
        let body = BodyValue.outline(finalAccounts.body)
        // 第四部分 附件 continues the parts' numbering but opens its own page, so it is printed by
        // the template (with the outline's own part number) rather than as an outline node.
        let part = attachments.count == 0 ? "" : OutlineGenerator.number(level: 1, index: (body.arrayValue?.count ?? 0) + 1, parts: true) + "附件"
        return (documentContext(title: finalAccounts.definition.title ?? "\(package.definition.year)年度部门决算",
                                body: body, parts: true, attachments: [], attachmentsPart: part), attachments)
    }

    /// The 决算公开 document's attachments, made on demand (see `finalAccountsContext`). A
    /// project that cannot be read again (its file changed during the run) is recorded in
    /// `failures`, which fail the document, and stands as an empty attachment meanwhile.
    final class Attachments {
        let generator: PackageGenerator
        let department: Int
        private(set) var failures: [any CodedError] = []

        init(generator: PackageGenerator) {
            self.generator = generator
            department = generator.package.department == nil ? 0 : 1
        }

        var count: Int { department + generator.package.projects.count }

        var rows: LazyItems {
            LazyItems(key: "attachments", count: count) { index in self.item(index) }
        }

        /// 附件 `index + 1`: the first shares the page of the 第四部分 heading; each further one starts a page.
        func item(_ index: Int) -> JSONValue {
            let unit = generator.unit
            let heading: String
            let context: [(String, JSONValue)]
            if index < department, let report = generator.package.department {
                heading = unit.name + "\n" + (report.title ?? "\(generator.package.definition.year)年度部门整体绩效自评报告")
                context = generator.assessmentMembers() + [("body", BodyValue.outline(report.body)),
                                                           // A project report's 特定目标类 form follows it here as in its own
                                                           // file (the template prints `appendix.target`); the department has none.
                                                           // Nor the other appended forms: a 自评表 a template adds under
                                                           // {{#appendix.sheet}} is skipped here, not missing (E-RND-001).
                                                           ("appendix", .object([("funds", .bool(false)), ("sheet", .bool(false)),
                                                                                 ("target", .bool(false))]))]
            } else {
                let project: JSONValue
                do {
                    project = try generator.context(ofProject: index - department)
                } catch {
                    failures += error.errors
                    return .object([])
                }
                let title = project["project"]?["title"]?.stringValue ?? ""
                let name = project["project"]?["name"]?.stringValue ?? ""
                heading = unit.name + "\n" + title + "\n（\(name)）"
                context = project.objectValue?.members.filter { $0.key != "attachments" }.map { ($0.key, $0.value) } ?? []
            }
            return .object([("label", .string("附件\(index + 1)")), ("newPage", .bool(index > 0)), ("heading", .string(heading))] + context)
        }
    }

    /// One project's documents (its context is built by the worker) or one other document.
    struct Job: Sendable {
        enum Data: Sendable {
            /// A project's documents and its CSV.
            case project(Int, csv: String?)
            /// The summary document and its CSV.
            case summary
            /// Built on the worker, its attachments one at a time as it renders.
            case finalAccounts(LoadedFinalAccounts)
            case value(JSONValue)
        }
        /// One file of the job: its path, template and docProps title.
        struct Document: Sendable {
            var path: String
            var template: KeyPath<TemplateSet, Template> & Sendable
            var title: String
            init(_ path: String, _ template: KeyPath<TemplateSet, Template> & Sendable, title: String) {
                self.path = path
                self.template = template
                self.title = title
            }
        }
        var label: String
        var paths: [Document]
        var data: Data
    }

    /// Renders the jobs on `options.workers` threads, each with its own renderers (a zip
    /// handle is not thread-safe), writing each document as it is done.
    /// Jobs are numbered the projects' first (`projects`, indices into the package), then
    /// `others`; results and warnings are kept in that order.
    func render(projects: [Int], others: [Job], into sink: StagedFiles, progress: (@Sendable (PackageProgress) -> Void)?) throws(ReportKitFailure) -> [String] {
        let count = projects.count + others.count
        let results = RenderResults(count: count)
        let workers = max(1, min(options.workers, count))
        let templates = self.templates
        let generator = self
        let next = JobCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var renderers: [ObjectIdentifier: DocumentRenderer] = [:]
            // Jobs are taken in order as threads free up; each writes its own files, so the
            // output does not depend on which thread did what. Package-wide documents start
            // first: the 决算公开 document, holding every project report, is the longest job
            // and must not be the last one left.
            while let taken = next.take(below: count) {
                let index = taken < others.count ? projects.count + taken : taken - others.count
                // A project is read whole again first: its job's titles are its own.
                var loaded: Result<LoadedProject, ReportKitFailure>?
                if index < projects.count {
                    loaded = Result { () throws(ReportKitFailure) in try generator.fullProject(projects[index]) }
                }
                let job = index < projects.count ? generator.projectJob(projects[index], project: try? loaded?.get())
                    : others[index - projects.count]
                var data: JSONValue = .null
                // A project's table blocks draw its typed figures (the payload), not the JSON.
                var payload: ProjectForms?
                var failures: [any CodedError] = []
                // A CSV's records, written in pieces as they are made (the summary's 10 000 rows).
                var csv: (String, AnySequence<[String]>)?
                // The 汇总表 whose CSV goes with it (`SheetCSV.summaryRecords`, rows read as bytes).
                var summaryForCSV: SummaryForm?
                var attachments: Attachments?
                // A top-level list made item by item as the document renders.
                var rows: LazyItems?
                // The summary's long row loop is rendered in chunks, reusing the pieces of the
                // last run on this folder that did not change (`SummaryChunks`).
                var rowChunks: RowChunking?
                var chunkRecord: (store: SummaryChunks, path: String?)?
                do throws(ReportKitFailure) {
                    switch job.data {
                    case .project(let project, let csvName):
                        let full: LoadedProject
                        if let loaded { full = try loaded.get() } else { full = try generator.fullProject(project) }
                        let forms = ProjectForms(full)
                        payload = forms
                        let context = ProjectContext(project: full, unit: generator.unit)
                        data = context.value(forms)
                        if let csvName { csv = (csvName, AnySequence(SheetCSV.selfEvaluation(forms, context: context).records)) }
                    case .summary:
                        // Made by the thread that renders it, its rows as the table reaches them.
                        let summary = SummaryForm(year: generator.package.definition.year, unit: generator.unit, projects: generator.package.projects)
                        (data, rows) = summary.lazyValue()
                        summaryForCSV = summary
                        let path = SummaryChunks.path(of: generator.options.outputFolder, in: generator.options.cacheFolder)
                        if path != nil {
                            let scope = SummaryChunks.scope(template: templates.summary, toolVersion: generator.options.toolVersion,
                                                            rowsPerChunk: RowChunking.defaultRowsPerChunk)
                            let store = SummaryChunks.read(path, scope: scope)
                            chunkRecord = (store, path)
                            rowChunks = RowChunking(store: store)
                        } else {
                            rowChunks = RowChunking()
                        }
                    case .finalAccounts(let finalAccounts):
                        let (context, made) = generator.finalAccountsContext(finalAccounts)
                        (data, attachments, rows) = (context, made, made.rows)
                    case .value(let value): data = value
                    }
                } catch {
                    failures += error.errors
                }
                // The 汇总表's CSV (a third of its job at 10 000 rows) is written on another
                // thread while its document renders.
                var alongside: BackgroundWork<ReportKitError?>?
                if let summary = summaryForCSV, failures.isEmpty {
                    // Its records read only the form, which nothing changes once made.
                    alongside = BackgroundWork { generator.writeCSV(Self.summaryName + ".csv", SheetCSV.summaryRecords(summary), into: sink) }
                }
                var warnings: [String] = []
                for file in job.paths where failures.isEmpty {
                    let path = file.path
                    let template = templates[keyPath: file.template]
                    do throws(RenderErrors) {
                        let renderer: DocumentRenderer
                        if let existing = renderers[ObjectIdentifier(template)] {
                            renderer = existing
                        } else {
                            renderer = try template.makeRenderer()
                            // `unit.seal` and other picture paths are relative to the package file.
                            renderer.images = ImageSettings(directory: generator.package.directory.path)
                            renderers[ObjectIdentifier(template)] = renderer
                        }
                        // docProps name the document and the unit that issues it, not the tool.
                        let rendered: Result<RenderedDocument, RenderErrors>
                        do throws(RenderErrors) {
                            rendered = .success(try renderer.render(data, properties: DocumentProperties(title: file.title, author: generator.unit.name),
                                                                    payload: payload, rows: rows, rowChunks: rowChunks))
                        } catch {
                            rendered = .failure(error)
                        }
                        // A project that could not be read is the cause of whatever its empty stand-in made fail.
                        if let attachments, !attachments.failures.isEmpty {
                            failures += attachments.failures
                            continue
                        }
                        let document = try rendered.get()
                        warnings += document.warnings.map { "\(path)：\($0)" }
                        do throws(ReportKitError) {
                            try sink.write(path, document.bytes)
                        } catch {
                            failures.append(error)
                        }
                    } catch {
                        failures += error.errors.map { DocumentError(document: path, error: $0) }
                    }
                }
                if let chunkRecord, failures.isEmpty { chunkRecord.store.write(chunkRecord.path) }
                if let (name, records) = csv, failures.isEmpty, let error = generator.writeCSV(name, records, into: sink) {
                    failures.append(error)
                }
                if let error = alongside?.wait() { failures.append(error) }
                results.set(index, failures.isEmpty ? .success : .failure(failures), warnings: warnings)
                let done = results.finished()
                progress?(PackageProgress(done: done, total: count, current: job.label))
            }
        }
        var problems: [any CodedError] = []
        for (index, result) in results.snapshot().enumerated() {
            switch result {
            case .success: break
            case .failure(let lines): problems += lines
            case nil:
                let label = index < projects.count ? entries[projects[index]].name : others[index - projects.count].label
                problems.append(ReportKitError(.render, "未生成", path: label))
            }
        }
        if !problems.isEmpty { throw ReportKitFailure(problems) }
        return results.warnings()
    }

    /// Writes a CSV file's records as they are made; the error, if any.
    private func writeCSV<Records: Sequence>(_ name: String, _ records: Records, into sink: StagedFiles) -> ReportKitError?
    where Records.Element: CSVFields {
        do throws(ReportKitError) {
            var encoding: ReportKitError?
            try sink.write(name) { write in
                do throws(ReportKitError) {
                    try options.csvEncoding.encode(records: records, write)
                } catch {
                    encoding = error
                }
            }
            if let encoding { throw encoding }
            return nil
        } catch {
            return error
        }
    }

    /// Every chart of the package checked before anything is rendered (see `ChartCheck`).
    public func chartProblems() -> [DefinitionProblem] {
        ChartCheck.problems(in: package)
    }

    /// The manifest of a finished set of files.
    public func manifest(files entries: [Manifest.File]) throws(ReportKitFailure) -> GeneratedFile {
        try manifestRecord(files: entries).1
    }

    func manifestRecord(files entries: [Manifest.File]) throws(ReportKitFailure) -> (Manifest, GeneratedFile) {
        let manifest = Manifest(tool: options.toolVersion, packageSHA256: Manifest.sha256(packageBytes), files: entries, projects: manifestProjects())
        return (manifest, try encode(manifest))
    }

    /// Every project's manifest entry, made on every core.
    func manifestProjects() -> [Manifest.Project] {
        Slices.map(count: entries.count, minimum: 1024) { range in range.map(manifestProject) }.flatMap { $0 }
    }

    /// The manifest's entry of the project at `index`, made when asked (`ManifestEntries`).
    func manifestProject(_ index: Int) -> Manifest.Project {
        let entry = entries[index]
        return Manifest.Project(id: entry.id, name: entry.name, total: entry.total, grade: entry.grade,
                                files: files(ofProject: index).all)
    }

    private func encode(_ manifest: Manifest) throws(ReportKitFailure) -> GeneratedFile {
        do {
            return GeneratedFile(path: Self.manifestName, bytes: try manifest.encoded())
        } catch {
            throw ReportKitFailure(ReportKitError(.outputWrite, "无法生成 manifest.json：\(error)"))
        }
    }
}

/// The next job to take, shared by the rendering threads.
final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// Results written by the rendering threads.
final class RenderResults: @unchecked Sendable {
    enum Outcome: Sendable { case success, failure([any CodedError]) }
    private let lock = NSLock()
    private var outcomes: [Outcome?]
    private var done = 0
    private var collectedWarnings: [Int: [String]] = [:]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: Outcome, warnings: [String]) {
        lock.lock()
        outcomes[index] = outcome
        if !warnings.isEmpty { collectedWarnings[index] = warnings }
        lock.unlock()
    }

    func finished() -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        return done
    }

    /// Warnings in job order, so that output is the same whichever thread finished first.
    func warnings() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return collectedWarnings.keys.sorted().flatMap { collectedWarnings[$0] ?? [] }
    }

    func snapshot() -> [Outcome?] {
        lock.lock()
        defer { lock.unlock() }
        return outcomes
    }
}
