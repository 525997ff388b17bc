import ErrorCodes
import Foundation
import JSONValue
#if canImport(Glibc)
import Glibc
#endif

/// A project read and computed, with where it came from.
public struct LoadedProject: Sendable {
    public var definition: ProjectDefinition
    public var evaluation: ProjectEvaluation
    /// The file it was written in, as named to the user (`projects/离休干部医疗费.json`).
    public var file: String
    /// JSON path of the project inside `file` (`projects[2]` inline, empty for its own file).
    public var path: String
    /// The report year (the project's own or the package's).
    public var year: Int
    /// 单位 / 主管部门 / 实施单位 with the package's unit filled in where the project is silent.
    public var unit: String?
    public var department: String?
    public var implementer: String?
    /// Where the project's `id` stands, for problems found once all files are read.
    var idLocation: JSONLocation?
    var nameLocation: JSONLocation?
    /// Set on a slim project (see `slimmed`): the file its full definition is read again from.
    public internal(set) var reloadFrom: URL?
    /// A slim project's problems of the package's extra check (`PackageLoader.Slim`), found
    /// while its full definition was at hand.
    public internal(set) var checkedProblems: [DefinitionProblem] = []

    public var isSlim: Bool { reloadFrom != nil }

    /// Only what the package-wide forms read (id, name, units, titles, the funds' and the
    /// score's totals, the appendix flags): about 1 KB instead of about 20, so a package keeps
    /// tens of thousands of projects in flat memory and reads each project's file again when
    /// its documents are rendered (`PackageLoader.reload`).
    func slimmed(from url: URL, checked: [DefinitionProblem]) -> LoadedProject {
        var slim = self
        slim.definition.body = []
        slim.definition.funds = []
        slim.definition.indicators = []
        slim.definition.goals = nil
        slim.definition.budgetExecution = nil
        slim.definition.ippeScores = nil
        slim.definition.subtotals = nil
        slim.definition.evaluators = []
        slim.evaluation.funds.lines = []
        slim.evaluation.funds.sources = []
        slim.evaluation.indicators = []
        slim.evaluation.budgetExecution = nil
        slim.evaluation.scoresheet?.rows = []
        slim.evaluation.scoresheet?.subtotals = []
        slim.reloadFrom = url
        slim.checkedProblems = checked
        return slim
    }
}

public struct LoadedPackage: Sendable {
    public var definition: PackageDefinition
    /// The package file as given.
    public var file: String
    public var directory: URL
    /// Held compactly (`ProjectList`): slim projects as bytes, decoded when asked for.
    public var projects: ProjectList
    public var finalAccounts: LoadedFinalAccounts?
    public var department: DepartmentReport?
    /// The department report's assessment computed as a project's (score, grade), when scored.
    public var departmentAssessment: LoadedProject?
    /// Warnings of every file; errors are thrown instead.
    public var warnings: [DefinitionProblem]
    /// Projects whose recorded load (what the package-wide forms read of them) changed since the
    /// last `package` or `project` run on this package file read them (`ProjectIndex`), by id;
    /// empty when that run is not known.
    public var changedSinceLastRun: [(id: String, file: String)] = []
    /// `project --id` after other projects changed: the project record, saved once the run
    /// says which projects it makes again (`recordRegenerated`).
    var heldRecord: ProjectIndex.Held?

    /// `project --id`: the projects whose documents this run makes again (the one asked for,
    /// and any a restyle, a damaged file or a new file name remakes): those of them in
    /// `changedSinceLastRun` are not named as changed on the next run. Said once; at the end of
    /// the run (`PackageLoader.finishRecords`) the record is saved as it is if never said.
    public func recordRegenerated(_ ids: some Sequence<String>) {
        heldRecord?.save(regenerating: ids)
    }

    public func project(id: String) -> LoadedProject? { index(ofProject: id).map { projects[$0] } }

    /// A file of the package (`LoadedProject.file`: named from the package's folder, or the
    /// package file itself) as messages name it (`ShownPath`).
    public func shown(file name: String) -> String { Self.shown(file: name, packageFile: file) }

    /// `shown(file:)` of the package whose file the user named `packageFile`.
    static func shown(file name: String, packageFile: String) -> String {
        name == packageFile ? ShownPath.shown(name) : ShownPath.shown(name, in: folder(of: packageFile))
    }

    /// The folder of the package file named `file`, as the user named it.
    static func folder(of file: String) -> String { (file as NSString).deletingLastPathComponent }

    /// Where the project `id` is in `projects` (found by the projects' briefs, none decoded whole).
    public func index(ofProject id: String) -> Int? { projects.indices.first { projects.key($0).id == id } }
}

public enum LoadedDefinition: Sendable {
    case package(LoadedPackage)
    case project(LoadedProject, warnings: [DefinitionProblem])

    public var projects: [LoadedProject] {
        switch self {
        case .package(let p): return Array(p.projects)
        case .project(let p, _): return [p]
        }
    }

    public var warnings: [DefinitionProblem] {
        switch self {
        case .package(let p): return p.warnings
        case .project(_, let w): return w
        }
    }
}

/// Reads a package file or a single project file.
public enum DefinitionLoader {
    /// Largest definition file read (a 10 MB text field must pass; a runaway file must not).
    public static let maximumFileSize = 64 * 1024 * 1024
    /// Nesting allowed in a definition file (the deepest in the repository has 9 levels). Each value's
    /// location is recorded under its full path, so time and memory grow with values × depth:
    /// FuzzJSON's 498 `[` took 0.7 s, and 200 KB of numbers 500 levels deep took 27 s with the
    /// reader's general limit of 512.
    public static let maximumDepth = 64

    /// A package when the root object has `projects` or `format`, else a single project.
    public static func load(path: String) throws(DefinitionErrors) -> LoadedDefinition {
        var session = LoadSession()
        guard let document = session.parse(url: URL(fileURLWithPath: path), displayName: path) else {
            throw DefinitionErrors(problems: session.problems)
        }
        if case .object(let root) = document.root, root["projects"] != nil || root["format"] != nil {
            return .package(try PackageLoader.load(document: document, path: path, session: session))
        }
        let (project, warnings) = try ProjectLoader.load(document: document, path: path, session: session)
        return .project(project, warnings: warnings)
    }
}

public enum PackageLoader {
    /// Keeps project files' projects slim (`LoadedProject.slimmed`): `check` runs on each full
    /// project first (on the loading thread), its problems kept with the slim project.
    public struct Slim: Sendable {
        public var check: @Sendable (LoadedProject) -> [DefinitionProblem]
        /// Where the record of unchanged project files is kept (`ProjectIndex`); nil: none.
        public var cacheFolder: URL?
        /// The record is written on another thread while the caller goes on; the caller waits
        /// for it with `PackageLoader.finishRecords()` before it ends (`project --id`: the record
        /// of 10 000 projects is 10 MB).
        public var saveInBackground = false
        /// The loaded list made compact with this digest (`ProjectList.compact(digest:)`) once
        /// every check that reads projects whole has run; nil: kept as loaded.
        public var compactWith: ProjectList.Digest?
        /// Told the package's definition and folder once the package file is decoded, before
        /// any project file loads: the caller starts what needs only those (the templates).
        public var definitionRead: (@Sendable (PackageDefinition, URL) -> Void)?
        /// `project --id`: the project being regenerated. Another project whose file changed
        /// since the record was made is listed in `LoadedPackage.changedSinceLastRun` on every
        /// such run until it is regenerated too (`ProjectIndex.record`).
        public var regenerating: String?
        public init(cacheFolder: URL? = nil, check: @escaping @Sendable (LoadedProject) -> [DefinitionProblem]) {
            self.check = check
            self.cacheFolder = cacheFolder
        }
    }

    public static func load(path: String, slim: Slim? = nil) throws(DefinitionErrors) -> LoadedPackage {
        var session = LoadSession()
        guard let document = session.parse(url: URL(fileURLWithPath: path), displayName: path) else {
            // Nothing of the package is known, not even which project files it lists.
            throw DefinitionErrors(problems: session.problems.map { problem in
                var problem = problem
                problem.message += "（报告包文件读不出，其中列出的项目文件未读取、未检查。）"
                return problem
            })
        }
        return try load(document: document, path: path, session: session, slim: slim)
    }

    /// Waits for the project records being saved on other threads (`Slim.saveInBackground`).
    public static func finishRecords() {
        ProjectIndex.finishSaving()
    }

    /// A slim project's full definition, read and evaluated again from its file. The file must
    /// still hold the project that was loaded: one changed since (its figures are already in the
    /// summary) is an error, as is one that no longer loads.
    public static func reload(_ project: LoadedProject, package: PackageDefinition) -> Result<LoadedProject, DefinitionErrors> {
        guard let url = project.reloadFrom else { return .success(project) }
        return reload(from: url, file: project.file, package: package, checked: project.checkedProblems) { again in
            again.definition == project.definition && again.evaluation == project.evaluation
        }
    }

    /// The project in the file at `url` whole, when `unchanged` holds for it made slim again
    /// (with the problems `checked` found when it was loaded).
    static func reload(from url: URL, file: String, package: PackageDefinition, checked: [DefinitionProblem],
                       unchanged: (LoadedProject) -> Bool) -> Result<LoadedProject, DefinitionErrors> {
        let result = ProjectFiles.loadOne(LoadSession.Match(url: url, display: file), package: package)
        let problems = (result.fileProblems + result.problems).filter(\.isError).map { shown($0, file: file, url: url) }
        guard let full = result.project, problems.isEmpty else {
            return .failure(DefinitionErrors(problems: problems.isEmpty ? [shown(changed(file), file: file, url: url)] : problems))
        }
        guard unchanged(full.slimmed(from: url, checked: checked)) else {
            return .failure(DefinitionErrors(problems: [shown(changed(file), file: file, url: url)]))
        }
        return .success(full)
    }

    /// A problem of the project file `file` (named from the package's folder) read again from
    /// `url`: named from that folder, found from `url` (the package file is not at hand here).
    private static func shown(_ problem: DefinitionProblem, file: String, url: URL) -> DefinitionProblem {
        guard problem.folder == nil, problem.file == file, !file.hasPrefix("/") else { return problem }
        var problem = problem
        if url.path.hasSuffix("/" + file) {
            problem.folder = String(url.path.dropLast(file.count + 1))
        } else {
            // A name through `..` or a link: the file read, by its full path.
            problem.file = url.path
        }
        return problem
    }

    private static func changed(_ file: String) -> DefinitionProblem {
        DefinitionProblem(code: .projectFileChanged,
                          message: "项目文件在本次运行中被改动（读入后内容变了），为免报告与汇总表不一致，未生成任何文件；请重新运行。",
                          file: file, path: "")
    }

    static func load(document: ParsedFile, path: String, session: LoadSession, slim: Slim? = nil) throws(DefinitionErrors) -> LoadedPackage {
        var session = session
        let packageURL = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        let directory = packageURL.deletingLastPathComponent()
        session.readFiles.insert(packageURL.path)
        let context = document.context
        let root = Node(value: document.root, path: "", context: context)
        let parts = DefinitionDecoder.package(root)
        // Complete only when format, year and unit decoded; otherwise the project and other
        // files are still read and checked, with nothing inherited from the package (its errors
        // already stop generation).
        let definition = parts?.definition
        if let definition { slim?.definitionRead?(definition, directory) }

        var projects = ProjectList()
        var finalAccounts: LoadedFinalAccounts?
        var department: DepartmentReport?
        var departmentAssessment: LoadedProject?
        var otherContexts: [DecodingContext] = []
        // Problems of the project files, in file order (their contexts are not kept).
        var projectProblems: [DefinitionProblem] = []
        // Slim loads record what they learnt, saved once the whole package loaded without error.
        var projectIndex: ProjectIndex?
        var indexOrder: [String] = []
        func packageBytes() -> [UInt8] { (try? Data(contentsOf: URL(fileURLWithPath: path))).map(Array.init) ?? [] }

        if let parts {
            for (index, reference) in parts.projects.enumerated() {
                let itemPath = PathSupport.element("projects", index)
                switch reference {
                case .inline(let project):
                    if let loaded = ProjectLoader.finish(project, file: path, path: itemPath, context: context,
                                                         package: definition) {
                        projects.append(loaded)
                    }
                case .file(let pattern):
                    if let slim, definition != nil, projectIndex == nil {
                        projectIndex = ProjectIndex(packagePath: path, packageBytes: packageBytes(), cache: slim.cacheFolder)
                    }
                    let matches = session.expand(pattern: pattern, in: directory, packageURL: packageURL,
                                                 context: context, path: itemPath, record: projectIndex)
                    // Each file is read, decoded and evaluated on its own, so all cores share the
                    // work; results and problems are gathered in file order (same output whatever
                    // the thread count). Only the problems of a file are kept, not its parse
                    // (the locations of every value), so memory does not grow with the files.
                    projects.reserveCapacity(projects.count + matches.count)
                    ProjectFiles.load(matches, package: definition, slim: slim, index: projectIndex) { result in
                        session.problems += result.fileProblems
                        projectProblems += result.problems
                        if let loaded = result.project {
                            projects.append(loaded)
                        } else if let recorded = result.recorded {
                            projects.append(recorded: recorded)
                        }
                    }
                    indexOrder += matches.map(\.path)
                }
            }
            // The year only words the statements (“2021年”); no check depends on it.
            let year = parts.year ?? 0
            if case .file(let name) = parts.finalAccounts,
               let parsed = session.parseReferenced(name, in: directory, packageURL: packageURL, context: context,
                                                    path: "finalAccounts") {
                otherContexts.append(parsed.context)
                finalAccounts = FinalAccountsLoader.load(Node(value: parsed.root, path: "", context: parsed.context),
                                                         year: year)
            } else if case .inline(let value) = parts.finalAccounts {
                finalAccounts = FinalAccountsLoader.load(Node(value: value.value, path: "finalAccounts", context: context),
                                                         year: year)
            }
            if case .file(let name) = parts.department,
               let parsed = session.parseReferenced(name, in: directory, packageURL: packageURL, context: context,
                                                    path: "department") {
                otherContexts.append(parsed.context)
                department = DefinitionDecoder.departmentReport(Node(value: parsed.root, path: "", context: parsed.context))
                if let assessment = department?.assessment {
                    departmentAssessment = ProjectLoader.finish(assessment, file: name, path: "", context: parsed.context, package: definition)
                }
            } else if case .inline(let value) = parts.department {
                department = value
                if let assessment = value.assessment {
                    departmentAssessment = ProjectLoader.finish(assessment, file: path, path: "department", context: context, package: definition)
                }
            }
            // The department report's project summary tags ({{项目.执行数}}) sum the package's projects;
            // its 决算说明 tags ({{收入.合计}}) print the package's final-accounts figures.
            if let report = department {
                let (file, base): (DecodingContext, String) = {
                    if case .file = parts.department, let last = otherContexts.last { return (last, "body") }
                    return (context, "department.body")
                }()
                let accounts = finalAccounts.map { AccountText(statements: AccountStatements(figures: $0.definition.figures, year: year)) }
                department?.body = DepartmentText(projects: projects, accounts: accounts).resolve(report.body, path: base, context: file)
            }
            checkUnique(projects, context: context, packageFile: path)
        }

        // Named from the folder the command was run in from here on (`DefinitionProblem.inPackage`).
        let problems = (session.problems + context.problems + projectProblems + otherContexts.flatMap(\.problems))
            .inPackage(path)
        guard let definition, !problems.contains(where: \.isError) else {
            throw DefinitionErrors(problems: problems)
        }
        var changed: [(id: String, file: String)] = []
        var changedPaths: [String: String] = [:]
        if let paths = projectIndex?.changedSinceRecorded, !paths.isEmpty {
            let wanted = Set(paths)
            for index in projects.indices where projects.isSlim(index) && wanted.contains(projects.path(index)) {
                let project = projects[index]
                changed.append((project.definition.id, project.file))
                changedPaths[project.definition.id] = projects.path(index)
            }
        }
        var heldRecord: ProjectIndex.Held?
        if let projectIndex, slim?.regenerating != nil, projectIndex.withholds {
            heldRecord = ProjectIndex.Held(index: projectIndex, order: indexOrder, paths: changedPaths)
        } else if slim?.saveInBackground == true {
            projectIndex?.saveInBackground(order: indexOrder)
        } else {
            projectIndex?.save(order: indexOrder)
        }
        if let digest = slim?.compactWith { projects.compact(digest: digest) }
        var package = LoadedPackage(definition: definition, file: path, directory: directory, projects: projects,
                                    finalAccounts: finalAccounts, department: department, departmentAssessment: departmentAssessment,
                                    warnings: problems)
        package.changedSinceLastRun = changed
        package.heldRecord = heldRecord
        return package
    }

    /// `packageFile`: as the user named it; the project a duplicate repeats is named from the
    /// current directory (`LoadedPackage.shown(file:)`), as the problem's own position is.
    static func checkUnique(_ projects: ProjectList, context: DecodingContext, packageFile: String) {
        // Both keys from the brief (`ProjectList.key`); the whole project only for a duplicate.
        let keys = projects.indices.map(projects.key)
        // Compared as bytes when that is String equality (`NFCKey`), the usual case.
        if keys.allSatisfy({ NFCKey.isSurelyNFC($0.id) && NFCKey.isSurelyNFC($0.name) }) {
            checkUnique(projects, keys: keys, as: NFCKey.init, context: context, packageFile: packageFile)
        } else {
            checkUnique(projects, keys: keys, as: { $0 }, context: context, packageFile: packageFile)
        }
    }

    private static func checkUnique<Key: Hashable>(_ projects: ProjectList, keys: [(id: String, name: String)], as key: (String) -> Key,
                                                   context: DecodingContext, packageFile: String) {
        // Indices, not copies: a project is about a kilobyte, and two tables of 10 000 copies
        // were the largest memory of a whole package run.
        var ids: [Key: Int] = [:]
        var names: [Key: Int] = [:]
        ids.reserveCapacity(projects.count)
        names.reserveCapacity(projects.count)
        // By index, and paths built only for a duplicate: copying each project (forty-odd
        // fields retained and released) and its two paths cost more than the lookups.
        for index in projects.indices {
            let (id, name) = keys[index]
            let (idKey, nameKey) = (key(id), key(name))
            if let first = ids[idKey] {
                let project = projects[index]
                report(.duplicateID, project, PathSupport.member(project.path, "id"), project.idLocation, context,
                       "项目标识「\(id)」重复：\(place(projects[first], packageFile)) 已使用。每个项目的 id 在报告包内必须唯一。")
            } else {
                ids[idKey] = index
            }
            if let first = names[nameKey] {
                let project = projects[index]
                report(.duplicateName, project, PathSupport.member(project.path, "name"), project.nameLocation, context,
                       "项目名称「\(name)」重复：\(place(projects[first], packageFile)) 已使用；输出文件以名称命名，名称必须唯一。")
            } else {
                names[nameKey] = index
            }
        }
    }

    private static func place(_ project: LoadedProject, _ packageFile: String) -> String {
        let file = LoadedPackage.shown(file: project.file, packageFile: packageFile)
        return project.path.isEmpty ? file : "\(file) 的 \(project.path)"
    }

    private static func report(_ code: ErrorCode, _ project: LoadedProject, _ path: String, _ location: JSONLocation?,
                               _ packageContext: DecodingContext, _ message: String) {
        // The project's own file knows the location; the package context collects the problem.
        packageContext.append(DefinitionProblem(code: code, message: message,
                                                file: project.file, path: path,
                                                line: location?.line, column: location?.column))
    }
}

public enum ProjectLoader {
    /// A single project file: `year` is required since there is no package to inherit it from.
    public static func load(path: String) throws(DefinitionErrors) -> LoadedProject {
        var session = LoadSession()
        guard let document = session.parse(url: URL(fileURLWithPath: path), displayName: path) else {
            throw DefinitionErrors(problems: session.problems)
        }
        return try load(document: document, path: path, session: session).0
    }

    static func load(document: ParsedFile, path: String,
                     session: LoadSession) throws(DefinitionErrors) -> (LoadedProject, [DefinitionProblem]) {
        let context = document.context
        let node = Node(value: document.root, path: "", context: context)
        var loaded: LoadedProject?
        if var project = DefinitionDecoder.project(node) {
            if project.year == nil {
                // A project file checked on its own still reports every problem it has: the
                // year comes from the package beside it, else validation goes on without one.
                if let (year, packageName) = nearbyPackageYear(of: URL(fileURLWithPath: path)) {
                    project.year = year
                    context.report(.yearFromPackage, "year", "项目文件没有 year，按报告包 \(packageName) 的年度 \(year) 校验。")
                } else {
                    context.report(.yearUnknown, "year", "项目文件没有 year，附近也没有报告包（package.json）：校验时不知道年度；", remedy: .year)
                }
            }
            loaded = finish(project, file: path, path: "", context: context, package: nil)
        }
        let problems = session.problems + context.problems
        guard let loaded, !problems.contains(where: \.isError) else { throw DefinitionErrors(problems: problems) }
        return (loaded, problems)
    }

    /// The year of a package file (`package.json`) in the project file's folder or the one
    /// above it (`projects/<id>.json` beside `package.json`), with the package's name as shown.
    static func nearbyPackageYear(of file: URL) -> (Int, String)? {
        let folder = file.deletingLastPathComponent()
        for (directory, shown) in [(folder, "package.json"), (folder.deletingLastPathComponent(), "../package.json")] {
            let url = directory.appendingPathComponent("package.json")
            guard url.standardizedFileURL != file.standardizedFileURL,
                  case .success(let bytes) = DefinitionFile.read(url),
                  let parsed = try? JSONParser.parse(bytes),
                  case .object(let root) = parsed.root, root["projects"] != nil,
                  let number = root["year"]?.decimal, let year = Int(exactly: NSDecimalNumber(decimal: number).int64Value),
                  Decimal(year) == number
            else { continue }
            return (year, shown)
        }
        return nil
    }

    /// Inherits from the package, computes every figure, and records what the rules report.
    static func finish(_ project: ProjectDefinition, file: String, path: String, context: DecodingContext,
                       package: PackageDefinition?) -> LoadedProject? {
        if let package, let year = project.year, year != package.year {
            context.report(.yearDiffers, PathSupport.member(path, "year"),
                           "项目年度 \(year) 与报告包年度 \(package.year) 不同。")
        }
        // 0 only for a lone project file with no year anywhere (W-DEF-013): it is validated,
        // never rendered, since rendering always goes through a package.
        let year = project.year ?? package?.year ?? 0
        guard let evaluation = ProjectEvaluator(project: project, base: path, context: context).evaluate() else { return nil }
        // The body's fund tags ({{资金.执行数}}) print the figures just computed.
        var project = project
        let errors = context.errorCount
        project.body = ProjectBodyText(funds: evaluation.funds).resolve(project.body, path: PathSupport.member(path, "body"),
                                                                       context: context)
        guard context.errorCount == errors else { return nil }
        let unit = project.unit ?? package?.unit.name
        return LoadedProject(definition: project, evaluation: evaluation, file: file, path: path, year: year,
                             unit: unit, department: project.department ?? unit,
                             implementer: project.implementer ?? unit,
                             idLocation: context.locations[PathSupport.member(path, "id")],
                             nameLocation: context.locations[PathSupport.member(path, "name")])
    }
}

/// Project files of a package loaded on every core.
enum ProjectFiles {
    struct Result: Sendable {
        /// Problems reading or parsing the file itself (the session's kind).
        var fileProblems: [DefinitionProblem] = []
        /// Problems of its content.
        var problems: [DefinitionProblem] = []
        var project: LoadedProject?
        /// Instead of `project`, for an unchanged file: its recorded project, not decoded
        /// (`ProjectIndex.lookup`).
        var recorded: RecordedProject?
    }

    /// Files loaded at once: their results (about 1.1 KB inline each, plus their strings) are
    /// handed on before the next batch starts, so they are never held for all files together.
    static let batchSize = 256

    /// Hands each result to `each` in the order of `matches`, whatever order the threads finish in.
    /// With `index`, unchanged files are not read: their recorded load is used (`ProjectIndex`).
    static func load(_ matches: [LoadSession.Match], package: PackageDefinition?, slim: PackageLoader.Slim? = nil,
                     index: ProjectIndex? = nil, each: (Result) -> Void) {
        var start = 0
        while start < matches.count {
            let end = min(start + batchSize, matches.count)
            for result in load(matches[start..<end], package: package, slim: slim, index: index) { each(result) }
            start = end
        }
    }

    /// Results in the order of `matches`.
    static func load(_ matches: ArraySlice<LoadSession.Match>, package: PackageDefinition?, slim: PackageLoader.Slim?,
                     index: ProjectIndex?) -> [Result] {
        let results = ResultSlots(count: matches.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, matches.count))
        let recorded = index
        let base = matches.startIndex
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // A contiguous share each: the recorded entries of consecutive files lie together in
            // the record and are read in runs (`ProjectIndex.lookup`).
            let share = worker * matches.count / workers..<(worker + 1) * matches.count / workers
            let hits = recorded?.lookup(matches[base + share.lowerBound..<base + share.upperBound])
            for index in share {
                if let hit = hits?[index - share.lowerBound] {
                    results.set(index, hit)
                    continue
                }
                let match = matches[base + index]
                let before = recorded.flatMap { _ in ProjectIndex.Stamp(match.path) }
                var result = loadOne(match, package: package)
                if let slim, let project = result.project {
                    result.project = project.slimmed(from: match.url, checked: slim.check(project))
                    recorded?.record(match, before: before, result, regenerating: slim.regenerating)
                }
                results.set(index, result)
            }
        }
        return results.values
    }

    static func loadOne(_ match: LoadSession.Match, package: PackageDefinition?) -> Result {
        var session = LoadSession()
        var result = Result()
        if let parsed = session.parse(url: match.url, displayName: match.display) {
            let node = Node(value: parsed.root, path: "", context: parsed.context)
            if let project = DefinitionDecoder.project(node) {
                result.project = ProjectLoader.finish(project, file: match.display, path: "",
                                                      context: parsed.context, package: package)
            }
            result.problems = parsed.context.problems
        }
        result.fileProblems = session.problems
        return result
    }

    /// Written by the loading threads, each slot once.
    final class ResultSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result]
        init(count: Int) { slots = Array(repeating: Result(), count: count) }
        func set(_ index: Int, _ result: Result) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }
        var values: [Result] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }
}

/// A parsed file with the context that decodes it.
struct ParsedFile {
    let root: JSONValue
    let context: DecodingContext
}

/// One load: files read so far (each only once) and problems about files themselves.
struct LoadSession {
    var problems: [DefinitionProblem] = []
    var readFiles: Set<String> = []
    /// The key (`finalAccounts`, `department`) each referenced file was read for.
    var referencedAs: [String: String] = [:]

    /// The document a referenced file's key stands for.
    static func documentOf(_ key: String) -> String {
        key == "finalAccounts" ? "部门决算情况说明" : "部门整体绩效自评报告"
    }

    mutating func parse(url: URL, displayName: String) -> ParsedFile? {
        let bytes: [UInt8]
        switch DefinitionFile.read(url) {
        case .success(let read): bytes = read
        case .failure(.tooLarge(let size)):
            fileProblem(.fileUnreadable, displayName, "文件过大（\(size / 1_048_576) MB），定义文件不应超过 64 MB。")
            return nil
        case .failure(.directory):
            // `reportgen package examples/yanbian-2021`: the folder of a package, not its file.
            let inside = url.appendingPathComponent("package.json")
            fileProblem(.fileUnreadable, displayName, "这是一个目录，不是 JSON 文件。" + (FileManager.default.fileExists(atPath: inside.path)
                ? "其中有 package.json：应写报告包文件 \(displayName.hasSuffix("/") ? displayName : displayName + "/")package.json。" : ""))
            return nil
        case .failure(.unreadable):
            fileProblem(.fileUnreadable, displayName, UnreadableFile.reason(url.path))
            return nil
        }
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes, recordLocations: true, maximumDepth: DefinitionLoader.maximumDepth)
        } catch {
            problems.append(DefinitionProblem(code: error.code, message: error.message,
                                              file: displayName, path: "", line: error.location.line,
                                              column: error.location.column))
            return nil
        }
        let context = DecodingContext(file: displayName, locations: document.locations)
        for duplicate in document.duplicateKeys {
            let key = duplicate.path
            context.append(DefinitionProblem(code: ErrorCode.duplicateKey,
                                             message: "键重复：同一对象中第二次出现「\(lastKey(of: key))」。JSON 中重复的键只有一个会生效，请删除或合并。",
                                             file: displayName, path: key, line: duplicate.location.line,
                                             column: duplicate.location.column))
        }
        ForbiddenCharacters.check(document.root, context: context)
        return ParsedFile(root: document.root, context: context)
    }

    private func lastKey(of path: String) -> String {
        guard let parent = PathSupport.parent(path) else { return path }
        var key = String(path.dropFirst(parent.count))
        if key.hasPrefix(".") { key.removeFirst() }
        return key
    }

    mutating func fileProblem(_ code: ErrorCode, _ file: String, _ message: String) {
        problems.append(DefinitionProblem(code: code, message: message, file: file, path: ""))
    }

    struct Match: Sendable {
        let display: String
        /// The file's resolved path, taken once: asked for several times per file, on tens of
        /// thousands of files.
        let path: String
        /// Made when the file is read: a URL held per match was a third of a load's memory at
        /// 10 000 files (issue 12).
        var url: URL { URL(fileURLWithPath: path, isDirectory: false) }

        init(url: URL, display: String) {
            self.display = display
            path = url.path
        }

        /// A match whose absolute, standardized path is known (a recorded listing).
        init(path: String, display: String) {
            self.display = display
            self.path = path
        }
    }

    /// A referenced file (department, finalAccounts): exists, is not the package, read once.
    mutating func parseReferenced(_ name: String, in directory: URL, packageURL: URL, context: DecodingContext,
                                  path: String) -> ParsedFile? {
        let url = resolve(name, in: directory)
        if url == packageURL {
            context.report(.includeCycle, path, "「\(name)」就是报告包文件本身，形成循环引用。")
            return nil
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            context.report(.fileUnreadable, path, missing("引用的文件「\(name)」", name, in: directory))
            return nil
        }
        // One file is one of project, 部门决算 or 部门整体报告: read once for the first, the
        // second would silently lose its document (it was only the warning W-DEF-005).
        guard readFiles.insert(url.path).inserted else {
            let first = referencedAs[url.path].map { "「\($0)」" } ?? "项目文件"
            context.report(.referencedFileInTwoRoles, path,
                           "「\(name)」（\(url.path)）已作为\(first)读入；同一个文件不能兼作两种用途，这样\(Self.documentOf(path))不会生成。请让 \(path) 指向它自己的文件。")
            return nil
        }
        referencedAs[url.path] = path
        return parse(url: url, displayName: name)
    }

    /// Why a referenced name does not lead to a file: "不存在" only when nothing has that name;
    /// a looping or dangling symlink (or a folder on the way) says what it is, as a project file
    /// a glob finds does (`UnreadableFile`).
    func missing(_ what: String, _ name: String, in directory: URL) -> String {
        let written = (name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)).standardizedFileURL.path
        guard UnreadableFile.isPresent(written) else { return what + "不存在（相对于报告包所在目录）。" }
        return what + "（\(written)）：" + UnreadableFile.reason(written)
    }

    func resolve(_ name: String, in directory: URL) -> URL {
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
        return url.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// A path or glob (`projects/*.json`, `**/*.json`) relative to the package: matches sorted,
    /// files already read skipped with a warning, the package itself refused as a cycle.
    /// With `record`, a glob over one folder whose folder is unchanged since it was last listed
    /// takes the recorded matches (`Glob.Record`).
    mutating func expand(pattern: String, in directory: URL, packageURL: URL, context: DecodingContext,
                         path: String, record: ProjectIndex? = nil) -> [Match] {
        var found: [(url: URL, display: String)] = []
        let folder = Glob.Record.folder(of: pattern, in: directory)
        // As below, the package itself and files read before are not matched again: the listing
        // is taken as recorded only when neither is among its matches (else read as usual).
        if let record, let folder, let matches = record.globMatches(pattern, folder: folder),
           matches.allSatisfy({ $0.path != packageURL.path && !readFiles.contains($0.path) }) {
            for match in matches { readFiles.insert(match.path) }
            return matches
        }
        let listing = record != nil ? folder.flatMap(Glob.Record.listing(of:)) : nil
        if !Glob.hasWildcards(pattern) {
            let url = resolve(pattern, in: directory)
            guard FileManager.default.fileExists(atPath: url.path) else {
                context.report(.fileUnreadable, path, missing("引用的项目文件「\(pattern)」", pattern, in: directory))
                return []
            }
            found = [(url, pattern)]
        } else {
            let base = pattern.hasPrefix("/") ? URL(fileURLWithPath: "/") : directory
            let components = pattern.split(separator: "/").map(String.init)
            found = Glob.match(components, under: base, prefix: pattern.hasPrefix("/") ? "/" : "")
                .filter { !$0.display.hasPrefix(".") && !$0.display.contains("/.") }
            if found.isEmpty {
                context.report(.includeNoMatch, path, "通配符「\(pattern)」没有匹配到任何文件（相对于报告包所在目录）。")
                return []
            }
        }
        var result: [Match] = []
        // Tens of thousands of matches share a few folders: each folder is resolved once, and a
        // file is resolved on its own only when it is itself a symlink.
        var folders: [String: String] = [:]
        func realPath(_ url: URL) -> URL {
            let standard = url.standardizedFileURL
            let path = standard.path
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex,
                  Self.isPlainFile(path) else { return standard.resolvingSymlinksInPath() }
            let folder = String(path[..<slash])
            let resolvedFolder = folders[folder] ?? URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            folders[folder] = resolvedFolder
            return URL(fileURLWithPath: resolvedFolder + path[slash...])
        }
        for (url, display) in found {
            let resolved = realPath(url)
            if resolved == packageURL {
                context.report(.includeCycle, path, "「\(pattern)」匹配到报告包文件本身（\(display)），形成循环引用；请把项目文件放在单独的目录或缩小通配范围。")
                continue
            }
            guard readFiles.insert(resolved.path).inserted else {
                context.report(.fileReferencedTwice, path, "「\(display)」已被前面的条目引用，只读取一次。")
                continue
            }
            result.append(Match(url: resolved, display: display))
        }
        if let record, let folder, let listing, result.count == found.count,
           let glob = Glob.Record(pattern: pattern, folder: folder, listing: listing, matches: result) {
            record.recordGlob(glob)
        }
        return result
    }
}

extension LoadSession {
    /// A regular file, not a symlink (lstat).
    static func isPlainFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}

/// Shell-style globbing over path components: `*`, `?`, `[abc]`, and `**` for any depth.
enum Glob {
    /// A glob's matches as last listed, for a pattern whose wildcards are all in its last
    /// component (`projects/*.json`: one folder read). Used again while the folder's stamp is the
    /// one it had before it was listed, and that stamp's status-change time is earlier than a
    /// clock reading taken before the listing: adding, removing or renaming a file in the folder
    /// (or replacing one by a symlink or folder) changes the folder's modification and
    /// status-change times, to a time no earlier than that reading (the rule of `StampCache`),
    /// and re-pointing a symlinked folder gives another device or inode. Editing a file in place
    /// changes none of them, and need not: the file's own stamp is checked when it is loaded
    /// (`ProjectIndex.lookup`).
    struct Record {
        var pattern: String
        var folder: String
        var stamp: ProjectIndex.Stamp
        var matches: [(display: String, resolved: String)]

        /// The folder a pattern lists when only its last component has wildcards; nil otherwise.
        static func folder(of pattern: String, in directory: URL) -> String? {
            let components = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !pattern.hasPrefix("/"), let last = components.last, components.count >= 2, hasWildcards(last), last != "**",
                  components.dropLast().allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !hasWildcards($0) }) else { return nil }
            return directory.standardizedFileURL.path + "/" + components.dropLast().joined(separator: "/")
        }

        /// The folder's stamp and a clock reading, both taken before it is listed.
        static func listing(of folder: String) -> (stamp: ProjectIndex.Stamp, clock: Int64)? {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME_COARSE, &now)
            guard let stamp = ProjectIndex.Stamp(folder: folder) else { return nil }
            return (stamp, Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
        }

        /// nil when the listing cannot be vouched for: the folder changed in the clock tick of
        /// the listing or while it was listed.
        init?(pattern: String, folder: String, listing: (stamp: ProjectIndex.Stamp, clock: Int64), matches: [LoadSession.Match]) {
            guard listing.stamp.changed < listing.clock, ProjectIndex.Stamp(folder: folder) == listing.stamp else { return nil }
            self.pattern = pattern
            self.folder = folder
            stamp = listing.stamp
            self.matches = matches.map { ($0.display, $0.path) }
        }

        /// A listing read back from the record (`ProjectIndex`).
        init(pattern: String, folder: String, stamp: ProjectIndex.Stamp, matches: [(display: String, resolved: String)]) {
            self.pattern = pattern
            self.folder = folder
            self.stamp = stamp
            self.matches = matches
        }
    }

    static func hasWildcards(_ pattern: String) -> Bool { pattern.contains { "*?[".contains($0) } }

    static func match(_ components: [String], under directory: URL, prefix: String) -> [(url: URL, display: String)] {
        var results: [(url: URL, display: String)] = []
        walk(components[...], directory, prefix, &results, depth: 0)
        var seen = Set<String>()
        return results.filter { seen.insert($0.url.path).inserted }
            .sorted { $0.display.unicodeScalars.lexicographicallyPrecedes($1.display.unicodeScalars) }
    }

    private static func walk(_ rest: ArraySlice<String>, _ directory: URL, _ prefix: String,
                             _ results: inout [(url: URL, display: String)], depth: Int) {
        guard depth < 64, let head = rest.first else { return }
        let tail = rest.dropFirst()
        let fm = FileManager.default
        if head == "**" {
            walk(tail, directory, prefix, &results, depth: depth + 1)
            for entry in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where !entry.hasPrefix(".") {
                let url = directory.appendingPathComponent(entry)
                if isDirectory(url) { walk(rest, url, prefix + entry + "/", &results, depth: depth + 1) }
            }
            return
        }
        if head == "." { walk(tail, directory, prefix + "./", &results, depth: depth + 1); return }
        if !hasWildcards(head) {
            let url = directory.appendingPathComponent(head)
            if tail.isEmpty {
                if fm.fileExists(atPath: url.path) && !isDirectory(url) { results.append((url, prefix + head)) }
            } else if isDirectory(url) {
                walk(tail, url, prefix + head + "/", &results, depth: depth + 1)
            }
            return
        }
        for entry in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where matches(Array(head), Array(entry)) {
            let url = directory.appendingPathComponent(entry)
            if tail.isEmpty {
                if !isDirectory(url) { results.append((url, prefix + entry)) }
            } else if isDirectory(url) {
                walk(tail, url, prefix + entry + "/", &results, depth: depth + 1)
            }
        }
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Wildcard match of one component (iterative, no exponential backtracking).
    static func matches(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0, n = 0
        var star = -1, mark = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "[", let (ok, next) = bracket(pattern, p, name[n]) {
                if ok { p = next; n += 1; continue }
            } else if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == name[n]) {
                p += 1; n += 1; continue
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = n; p += 1; continue
            }
            if star >= 0 {
                p = star + 1; mark += 1; n = mark; continue
            }
            return false
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    private static func bracket(_ pattern: [Character], _ start: Int, _ c: Character) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.count, pattern[i] == "!" || pattern[i] == "^" { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < pattern.count, pattern[i] != "]" || first {
            first = false
            if i + 2 < pattern.count, pattern[i + 1] == "-", pattern[i + 2] != "]" {
                if pattern[i] <= c && c <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if pattern[i] == c { matched = true }
                i += 1
            }
        }
        guard i < pattern.count else { return nil }
        return (matched != negate, i + 1)
    }
}

/// Reads a definition file: its size is checked before reading (at most
/// `DefinitionLoader.maximumFileSize`), and an empty regular file is not handed to
/// `Data(contentsOf:)`, which leaks its 4 KB read buffer then (found by FuzzJSON under
/// LeakSanitizer; Fuzz/corpus/json/empty.json).
enum DefinitionFile {
    enum Failure: Error, Equatable { case tooLarge(Int), directory, unreadable }

    static func read(_ url: URL) -> Result<[UInt8], Failure> {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return .failure(.unreadable) }
        let type = attributes[.type] as? FileAttributeType
        let size = attributes[.size] as? Int ?? 0
        if type == .typeDirectory { return .failure(.directory) }
        if size > DefinitionLoader.maximumFileSize { return .failure(.tooLarge(size)) }
        // A FIFO or /proc file reports size 0 and still has content: only a regular file is known empty.
        if type == .typeRegular && size == 0 {
            return FileManager.default.isReadableFile(atPath: url.path) ? .success([]) : .failure(.unreadable)
        }
        guard let data = try? Data(contentsOf: url) else { return .failure(.unreadable) }
        guard data.count <= DefinitionLoader.maximumFileSize else { return .failure(.tooLarge(data.count)) }
        return .success(Array(data))
    }
}
