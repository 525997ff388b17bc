import ErrorCodes
import Foundation
import JSONValue

/// One line of the private project record (`ProjectIndex`): a slim project (`LoadedProject.slimmed`,
/// only what the package-wide forms read) and the problems its file gave, as tab-separated
/// fields in a fixed order. Read back with a few string splits instead of a JSON decoder, so a
/// package of tens of thousands of unchanged project files is loaded in a fraction of a second
/// (issue 12). The writer and the reader below list the fields in the same order; a round-trip
/// test holds them together (`ScaleUnitTests`).
enum ProjectRecord {
    /// Field separator; text fields escape it, the line break and the backslash.
    static let separator: Character = "\t"

    struct Writer {
        var fields: [String] = []

        mutating func text(_ value: String) {
            guard value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\r" }) else {
                fields.append(value)
                return
            }
            var out = ""
            for character in value {
                switch character {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\r\n": out += "\\r\\n"
                default: out.append(character)
                }
            }
            fields.append(out)
        }
        /// `-` for nil, `=` before a present value (so an empty string stays one).
        mutating func optional(_ value: String?) {
            if let value { text("=" + value) } else { fields.append("-") }
        }
        mutating func int(_ value: Int) { fields.append(String(value)) }
        mutating func optionalInt(_ value: Int?) { fields.append(value.map(String.init) ?? "-") }
        mutating func bool(_ value: Bool) { fields.append(value ? "1" : "0") }
        mutating func optionalBool(_ value: Bool?) { fields.append(value.map { $0 ? "1" : "0" } ?? "-") }
        mutating func decimal(_ value: Decimal) { fields.append(ProjectRecord.raw(value)) }
        mutating func optionalDecimal(_ value: Decimal?) { fields.append(value.map(ProjectRecord.raw) ?? "-") }
        mutating func number(_ value: FormNumber?) {
            fields.append(value.map { "\(ProjectRecord.raw($0.value))/\($0.scale)" } ?? "-")
        }
        mutating func location(_ value: JSONLocation?) {
            fields.append(value.map { "\($0.line)/\($0.column)/\($0.offset)" } ?? "-")
        }
        mutating func problems(_ list: [DefinitionProblem]) {
            int(list.count)
            for problem in list {
                text(problem.code.rawValue)
                text(problem.message)
                text(problem.file)
                text(problem.path)
                optionalInt(problem.line)
                optionalInt(problem.column)
            }
        }
        var line: String { fields.joined(separator: "\t") }
    }

    struct Reader {
        private var fields: ArraySlice<Substring>
        private(set) var failed = false

        // Split on bytes (a tab never joins a grapheme cluster): far cheaper than on Characters.
        init(_ line: Substring) { fields = line.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }[...] }

        var atEnd: Bool { fields.isEmpty }

        /// `-`, compared as bytes (String equality normalises Unicode: slow on many fields).
        static func isDash(_ field: Substring) -> Bool { field.utf8.count == 1 && field.utf8.first == 0x2D }

        private mutating func next() -> Substring? {
            guard let field = fields.popFirst() else {
                failed = true
                return nil
            }
            return field
        }
        mutating func text() -> String {
            guard let field = next() else { return "" }
            guard field.utf8.contains(0x5C) else { return String(field) }
            var out = ""
            var escaped = false
            for character in field {
                if escaped {
                    switch character {
                    case "t": out.append("\t")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    default: out.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        mutating func optional() -> String? {
            let value = text()
            if value.utf8.count == 1, value.utf8.first == 0x2D { return nil }
            guard value.utf8.first == 0x3D else {
                failed = true
                return nil
            }
            return String(value.dropFirst())
        }
        mutating func int() -> Int {
            guard let field = next(), let value = Int(field) else {
                failed = true
                return 0
            }
            return value
        }
        mutating func optionalInt() -> Int? {
            guard let field = next() else { return nil }
            if Self.isDash(field) { return nil }
            guard let value = Int(field) else {
                failed = true
                return nil
            }
            return value
        }
        mutating func bool() -> Bool { optionalBool() ?? { failed = true; return false }() }
        mutating func optionalBool() -> Bool? {
            guard let field = next(), field.utf8.count == 1 else {
                failed = true
                return nil
            }
            switch field.utf8.first {
            case 0x31: return true
            case 0x30: return false
            case 0x2D: return nil
            default:
                failed = true
                return nil
            }
        }
        private mutating func parseDecimal(_ text: Substring) -> Decimal? {
            guard let value = ProjectRecord.decimal(raw: text) else {
                failed = true
                return nil
            }
            return value
        }
        static let posix = Locale(identifier: "en_US_POSIX")
        mutating func decimal() -> Decimal { optionalDecimal() ?? { failed = true; return 0 }() }
        mutating func optionalDecimal() -> Decimal? {
            guard let field = next(), !Self.isDash(field) else { return nil }
            return parseDecimal(field)
        }
        mutating func number() -> FormNumber? {
            guard let field = next(), !Self.isDash(field) else { return nil }
            let parts = field.split(separator: "/")
            guard parts.count == 2, let scale = Int(parts[1]), let value = parseDecimal(parts[0]) else {
                failed = true
                return nil
            }
            return FormNumber(value, scale: scale)
        }
        mutating func location() -> JSONLocation? {
            guard let field = next(), !Self.isDash(field) else { return nil }
            let parts = field.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3 else {
                failed = true
                return nil
            }
            return JSONLocation(line: parts[0], column: parts[1], offset: parts[2])
        }
        mutating func optionalRaw<T: RawRepresentable>(_ type: T.Type) -> T? where T.RawValue == String {
            guard let field = next(), !Self.isDash(field) else { return nil }
            guard let value = T(rawValue: String(field)) else {
                failed = true
                return nil
            }
            return value
        }
        mutating func problems() -> [DefinitionProblem] {
            let count = int()
            guard !failed, count >= 0, count <= 100_000 else {
                failed = true
                return []
            }
            var list: [DefinitionProblem] = []
            for _ in 0..<count {
                let code = ErrorCode(rawValue: text())
                let message = text(), file = text(), path = text()
                let line = optionalInt(), column = optionalInt()
                guard let code else {
                    failed = true
                    return []
                }
                list.append(DefinitionProblem(code: code, message: message, file: file, path: path, line: line, column: column))
            }
            return list
        }
    }

    /// A Decimal as the hex of its bytes: read back as the very same value and representation
    /// without parsing decimal text (`Decimal(string:)` was half of reading 10 000 records). The
    /// layout is this binary's; the record is only used by the binary that wrote it (`ProjectIndex`).
    static func raw(_ value: Decimal) -> String {
        withUnsafeBytes(of: value) { bytes in
            String(decoding: bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0F)]] }, as: UTF8.self)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func decimal(raw text: Substring) -> Decimal? {
        let utf8 = text.utf8
        guard utf8.count == 2 * MemoryLayout<Decimal>.size else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(MemoryLayout<Decimal>.size)
        var high: UInt8?
        for byte in utf8 {
            guard let value = nibble(byte) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        // The mantissa's length (at most 8 words) is the high half of the second byte: a
        // longer one would send arithmetic past the mantissa.
        guard bytes.count == MemoryLayout<Decimal>.size, bytes[1] >> 4 <= 8 else { return nil }
        var value = Decimal()
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        // Not a NaN or other odd bit pattern: a record is only ever made from real amounts.
        guard !value.isNaN else { return nil }
        return value
    }

    /// The line of one file's load (its project slim).
    static func line(_ result: ProjectFiles.Result, project: LoadedProject) -> String {
        var w = Writer()
        w.problems(result.fileProblems)
        w.problems(result.problems)
        w.problems(project.checkedProblems)
        let d = project.definition
        w.text(d.id)
        w.text(d.name)
        w.optionalInt(d.year)
        w.optional(d.unit)
        w.optional(d.department)
        w.optional(d.departmentCode)
        w.optional(d.implementer)
        w.optional(d.kind)
        w.optional(d.title)
        w.optional(d.period?.from)
        w.optional(d.period?.to)
        w.text(d.scoring.rawValue)
        w.number(d.totalScore)
        w.optional(d.grade?.rawValue)
        w.optionalBool(d.targetSelfEvaluation)
        w.optional(d.targetFormTitle)
        w.optional(d.filledOn)
        let e = project.evaluation
        w.text(e.id)
        w.text(e.name)
        w.text(e.scoring.rawValue)
        w.text(e.funds.unit.rawValue)
        w.int(e.funds.places)
        let t = e.funds.total
        for value in [t.initialBudget, t.annualBudget, t.received, t.executed, t.balance] { w.number(value) }
        w.optionalDecimal(t.receivedRate)
        w.optionalDecimal(t.executionRate)
        w.bool(t.unlisted)
        w.bool(e.scoresheet != nil)
        if let sheet = e.scoresheet {
            w.text(sheet.scheme.rawValue)
            w.decimal(sheet.totalWeight)
            w.decimal(sheet.total)
            w.text(sheet.grade.rawValue)
        }
        w.bool(e.appendix.funds)
        w.bool(e.appendix.sheet)
        w.bool(e.appendix.target)
        w.bool(e.appendix.sheetFile)
        w.text(project.file)
        w.text(project.path)
        w.int(project.year)
        w.optional(project.unit)
        w.optional(project.department)
        w.optional(project.implementer)
        w.location(project.idLocation)
        w.location(project.nameLocation)
        return w.line
    }

    /// The load a line records, its project slim and to be read again from `url`; nil when the
    /// line is not one this version wrote.
    static func result(_ line: Substring, url: URL) -> ProjectFiles.Result? {
        var r = Reader(line)
        var result = ProjectFiles.Result()
        result.fileProblems = r.problems()
        result.problems = r.problems()
        let checked = r.problems()
        let id = r.text(), name = r.text(), year = r.optionalInt()
        let unit = r.optional(), department = r.optional(), departmentCode = r.optional(), implementer = r.optional()
        let kind = r.optional(), title = r.optional(), from = r.optional(), to = r.optional()
        let scoring = r.optionalRaw(ScoringScheme.self)
        let totalScore = r.number()
        let grade = r.optional().flatMap(Grade.init(rawValue:))
        let target = r.optionalBool(), targetTitle = r.optional(), filledOn = r.optional()
        guard let scoring else { return nil }
        let definition = ProjectDefinition(
            id: id, name: name, year: year, unit: unit, department: department, departmentCode: departmentCode,
            implementer: implementer, kind: kind, title: title,
            period: from.flatMap { from in to.map { Period(from: from, to: $0) } }, scoring: scoring,
            funds: [], goals: nil, budgetExecution: nil, indicators: [], ippeScores: nil, subtotals: nil,
            totalScore: totalScore, grade: grade, targetSelfEvaluation: target, targetFormTitle: targetTitle,
            body: [], evaluators: [], filledOn: filledOn)
        let evaluationID = r.text(), evaluationName = r.text()
        let evaluationScoring = r.optionalRaw(ScoringScheme.self)
        let moneyUnit = r.optionalRaw(MoneyUnit.self)
        let places = r.int()
        var total = FundFigures(initialBudget: r.number(), annualBudget: r.number(), received: r.number(), executed: r.number())
        total.balance = r.number()
        total.receivedRate = r.optionalDecimal()
        total.executionRate = r.optionalDecimal()
        total.unlisted = r.bool()
        var scoresheet: Scoresheet?
        if r.bool() {
            let scheme = r.optionalRaw(ScoringScheme.self)
            let weight = r.decimal(), score = r.decimal()
            guard let scheme, let grade = r.optionalRaw(Grade.self) else { return nil }
            scoresheet = Scoresheet(scheme: scheme, rows: [], subtotals: [], totalWeight: weight, total: score, grade: grade)
        }
        let appendix = Appendix(funds: r.bool(), sheet: r.bool(), target: r.bool(), sheetFile: r.bool())
        guard let evaluationScoring, let moneyUnit else { return nil }
        let evaluation = ProjectEvaluation(
            id: evaluationID, name: evaluationName, scoring: evaluationScoring,
            funds: FundBlock(unit: moneyUnit, places: places, lines: [], sources: [], total: total),
            budgetExecution: nil, indicators: [], scoresheet: scoresheet, appendix: appendix)
        let file = r.text(), path = r.text(), projectYear = r.int()
        let projectUnit = r.optional(), projectDepartment = r.optional(), projectImplementer = r.optional()
        let idLocation = r.location(), nameLocation = r.location()
        guard !r.failed, r.atEnd else { return nil }
        var project = LoadedProject(definition: definition, evaluation: evaluation, file: file, path: path, year: projectYear,
                                    unit: projectUnit, department: projectDepartment, implementer: projectImplementer,
                                    idLocation: idLocation, nameLocation: nameLocation)
        project.reloadFrom = url
        project.checkedProblems = checked
        result.project = project
        return result
    }
}
