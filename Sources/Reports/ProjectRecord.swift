import ErrorCodes
import Foundation
import JSONValue

/// One entry of the private project record (`ProjectIndex`): a slim project (`LoadedProject.slimmed`,
/// only what the package-wide forms read) and the problems its file gave, as binary fields in a
/// fixed order: lengths as LEB128 varints, text as its UTF-8 bytes, amounts as the bytes of the
/// `Decimal`. Read back by walking the bytes once, with no splitting into fields and no number
/// parsing: the tab-separated text of earlier versions took about a quarter of a `project --id`
/// run on 10 000 projects (issue 12). The writer and the reader below list the fields in the same
/// order; a round-trip test holds them together (`ProjectRecordTests`).
enum ProjectRecord {
    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(768) }

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        mutating func text(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                varint(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
        mutating func optional(_ value: String?) {
            if let value {
                bytes.append(1)
                text(value)
            } else {
                bytes.append(0)
            }
        }
        /// Zigzag: small negative numbers stay short.
        mutating func int(_ value: Int) { varint(UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> 63))) }
        mutating func optionalInt(_ value: Int?) {
            if let value {
                bytes.append(1)
                int(value)
            } else {
                bytes.append(0)
            }
        }
        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
        mutating func fixed64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func optionalBool(_ value: Bool?) { bytes.append(value.map { $0 ? 1 : 0 } ?? 2) }
        /// The Decimal's exponent and length-and-flags bytes and its `length` mantissa words as
        /// varints (tag 0): 5 to 9 bytes for a usual amount instead of 20, which made up a third
        /// of a project held in a `ProjectList`. Any other pattern as its 20 bytes (tag 1).
        mutating func decimal(_ value: Decimal) {
            withUnsafeBytes(of: value) { raw in
                let length = Int(raw[1] >> 4)
                let words = (0..<8).map { raw.loadUnaligned(fromByteOffset: 4 + 2 * $0, as: UInt16.self) }
                guard raw[2] == 0, raw[3] == 0, length <= 8, words[length...].allSatisfy({ $0 == 0 }) else {
                    bytes.append(1)
                    bytes.append(contentsOf: raw)
                    return
                }
                bytes.append(0)
                bytes.append(raw[0])
                bytes.append(raw[1])
                for word in words[..<length] { varint(UInt64(word)) }
            }
        }
        mutating func optionalDecimal(_ value: Decimal?) {
            if let value {
                bytes.append(1)
                decimal(value)
            } else {
                bytes.append(0)
            }
        }
        mutating func number(_ value: FormNumber?) {
            if let value {
                bytes.append(1)
                decimal(value.value)
                int(value.scale)
            } else {
                bytes.append(0)
            }
        }
        mutating func location(_ value: JSONLocation?) {
            if let value {
                bytes.append(1)
                int(value.line)
                int(value.column)
                int(value.offset)
            } else {
                bytes.append(0)
            }
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
    }

    /// Reads what `Writer` wrote; any field out of place sets `failed` (the entry is then no record).
    struct Reader {
        private let bytes: UnsafeBufferPointer<UInt8>
        private var position: Int
        private(set) var failed = false

        /// From `start` (an index into `bytes`) on.
        init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
            self.bytes = bytes
            position = min(start, bytes.endIndex)
        }

        var atEnd: Bool { position == bytes.endIndex }
        /// Where the next field starts (an index into the buffer given).
        var offset: Int { position }

        /// The next `count` bytes' indices, skipped.
        mutating func skip(_ count: UInt64) -> Range<Int>? {
            guard count <= UInt64(bytes.endIndex - position) else { fail(); return nil }
            defer { position += Int(count) }
            return position..<position + Int(count)
        }
        mutating func fixed64() -> UInt64? {
            guard let range = skip(8) else { return nil }
            var value: UInt64 = 0
            for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
            return value
        }

        private mutating func fail() { failed = true; position = bytes.endIndex }

        private mutating func byte() -> UInt8? {
            guard position < bytes.endIndex else { fail(); return nil }
            defer { position += 1 }
            return bytes[position]
        }
        /// 0 or 1 (or 2 with `three`): the tag of an optional or a Bool.
        private mutating func tag(_ limit: UInt8 = 1) -> UInt8? {
            guard let value = byte(), value <= limit else { fail(); return nil }
            return value
        }
        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let next = byte() {
                guard shift < 64 else { break }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
            }
            fail()
            return nil
        }
        mutating func text() -> String {
            guard let length = varint(), length <= UInt64(bytes.endIndex - position) else { fail(); return "" }
            let end = position + Int(length)
            defer { position = end }
            // Decoded, not validated: the generic `String(validating:)` was half of reading an
            // entry, and the record's checksum already vouches that these are the bytes of a
            // String this program wrote (valid UTF-8 decodes to the very same String).
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        }
        /// Whether the next text is `value` (compared as bytes, no String made).
        mutating func textEquals(_ value: String) -> Bool {
            guard let length = varint(), let range = skip(length) else { return false }
            var value = value
            return value.withUTF8 { utf8 in
                utf8.count == range.count && (utf8.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress! + range.lowerBound, utf8.count) == 0)
            }
        }
        mutating func skipText() {
            guard let length = varint() else { return }
            _ = skip(length)
        }
        mutating func optional() -> String? { tag() == 1 ? text() : nil }
        mutating func int() -> Int {
            guard let raw = varint() else { return 0 }
            return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
        }
        mutating func optionalInt() -> Int? { tag() == 1 ? int() : nil }
        mutating func bool() -> Bool { tag() == 1 }
        mutating func optionalBool() -> Bool? {
            switch tag(2) {
            case 1: return true
            case 0: return false
            default: return nil
            }
        }
        mutating func decimal() -> Decimal {
            let size = MemoryLayout<Decimal>.size
            guard let form = tag() else { return 0 }
            if form == 0 {
                // Rebuilt as `Writer.decimal` took it apart: the same 20 bytes.
                guard let exponent = byte(), let flags = byte() else { return 0 }
                // On the stack (a Decimal's own bytes): an array here was an allocation per amount.
                var raw = Decimal()
                var ok = true
                withUnsafeMutableBytes(of: &raw) { raw in
                    for index in raw.indices { raw[index] = 0 }
                    raw[0] = exponent
                    raw[1] = flags
                    for index in 0..<min(Int(flags >> 4), 8) {
                        guard let word = varint(), word <= UInt64(UInt16.max) else { ok = false; return }
                        raw.storeBytes(of: UInt16(word), toByteOffset: 4 + 2 * index, as: UInt16.self)
                    }
                }
                guard ok, !failed, let value = withUnsafeBytes(of: raw, ProjectRecord.decimal(raw:)) else {
                    fail()
                    return 0
                }
                return value
            }
            guard bytes.endIndex - position >= size else { fail(); return 0 }
            defer { position += size }
            guard let value = ProjectRecord.decimal(raw: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[position..<position + size])) else {
                fail()
                return 0
            }
            return value
        }
        mutating func optionalDecimal() -> Decimal? { tag() == 1 ? decimal() : nil }
        mutating func number() -> FormNumber? {
            guard tag() == 1 else { return nil }
            let value = decimal()
            return FormNumber(value, scale: int())
        }
        mutating func location() -> JSONLocation? {
            guard tag() == 1 else { return nil }
            let line = int(), column = int()
            return JSONLocation(line: line, column: column, offset: int())
        }
        mutating func optionalRaw<T: RawRepresentable>(_ type: T.Type) -> T? where T.RawValue == String {
            guard tag() == 1 else { return nil }
            guard let value = T(rawValue: text()) else {
                fail()
                return nil
            }
            return value
        }
        mutating func raw<T: RawRepresentable>(_ type: T.Type) -> T? where T.RawValue == String {
            guard let value = T(rawValue: text()) else {
                fail()
                return nil
            }
            return value
        }
        mutating func problems() -> [DefinitionProblem] {
            let count = int()
            guard !failed, count >= 0, count <= 100_000 else {
                fail()
                return []
            }
            var list: [DefinitionProblem] = []
            for _ in 0..<count {
                let code = ErrorCode(rawValue: text())
                let message = text(), file = text(), path = text()
                let line = optionalInt(), column = optionalInt()
                guard let code, !failed else {
                    fail()
                    return []
                }
                list.append(DefinitionProblem(code: code, message: message, file: file, path: path, line: line, column: column))
            }
            return list
        }
    }

    /// A Decimal from its bytes (this binary's layout; the record is only used by the binary
    /// that wrote it, `ProjectIndex`): nil for a pattern no real amount has.
    static func decimal(raw bytes: UnsafeRawBufferPointer) -> Decimal? {
        guard bytes.count == MemoryLayout<Decimal>.size else { return nil }
        // The mantissa's length (at most 8 words) is the high half of the second byte: a
        // longer one would send arithmetic past the mantissa.
        guard bytes[1] >> 4 <= 8 else { return nil }
        var value = Decimal()
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: bytes) }
        guard !value.isNaN else { return nil }
        return value
    }

    /// The entry of one file's load (its project slim): its problems, then `projectBytes`.
    static func bytes(_ result: ProjectFiles.Result, project: LoadedProject) -> [UInt8] {
        var w = Writer()
        w.problems(result.fileProblems)
        w.problems(result.problems)
        w.bytes += projectBytes(project)
        return w.bytes
    }

    /// A slim project: its `ProjectBrief` first (what the package-wide passes read, without the
    /// rest), then every other field the slim project has.
    static func projectBytes(_ project: LoadedProject) -> [UInt8] {
        var w = Writer()
        ProjectBrief(project).write(&w)
        let d = project.definition
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
        w.optional(d.targetFormTitle)
        w.optional(d.filledOn)
        let e = project.evaluation
        w.text(e.id)
        w.text(e.name)
        w.text(e.scoring.rawValue)
        w.text(e.funds.unit.rawValue)
        w.int(e.funds.places)
        let t = e.funds.total
        for value in [t.initialBudget, t.received, t.balance] { w.number(value) }
        w.optionalDecimal(t.receivedRate)
        w.bool(t.unlisted)
        w.text(project.path)
        w.int(project.year)
        w.optional(project.unit)
        w.location(project.idLocation)
        w.location(project.nameLocation)
        return w.bytes
    }

    /// The load an entry records, its project slim and to be read again from `url`; nil when the
    /// bytes are not an entry this version wrote.
    static func result(_ bytes: UnsafeBufferPointer<UInt8>, url: URL) -> ProjectFiles.Result? {
        var r = Reader(bytes)
        var result = ProjectFiles.Result()
        result.fileProblems = r.problems()
        result.problems = r.problems()
        guard !r.failed, let project = project(UnsafeBufferPointer(rebasing: bytes[r.offset...]), url: url) else { return nil }
        result.project = project
        return result
    }

    /// Where the project (`projectBytes`) starts in an entry (`bytes`), and the entry's problems
    /// (decoded: a file's warnings are reported on every run); nil when they are not in place.
    static func problems(_ bytes: UnsafeBufferPointer<UInt8>) -> (result: ProjectFiles.Result, projectStart: Int)? {
        var r = Reader(bytes)
        var result = ProjectFiles.Result()
        result.fileProblems = r.problems()
        result.problems = r.problems()
        guard !r.failed else { return nil }
        return (result, r.offset)
    }

    /// The slim project `projectBytes` wrote, to be read again from `url`; nil when the bytes are
    /// not one.
    static func project(_ bytes: UnsafeBufferPointer<UInt8>, url: URL?) -> LoadedProject? {
        var r = Reader(bytes)
        guard let brief = ProjectBrief.read(&r) else { return nil }
        let year = r.optionalInt()
        let unit = r.optional(), department = r.optional(), departmentCode = r.optional(), implementer = r.optional()
        let kind = r.optional(), title = r.optional(), from = r.optional(), to = r.optional()
        let scoring = r.raw(ScoringScheme.self)
        let totalScore = r.number()
        let grade = r.optionalRaw(Grade.self)
        let targetTitle = r.optional(), filledOn = r.optional()
        guard let scoring else { return nil }
        let definition = ProjectDefinition(
            id: brief.id, name: brief.name, year: year, unit: unit, department: department, departmentCode: departmentCode,
            implementer: implementer, kind: kind, title: title,
            period: from.flatMap { from in to.map { Period(from: from, to: $0) } }, scoring: scoring,
            funds: [], goals: nil, budgetExecution: nil, indicators: [], ippeScores: nil, subtotals: nil,
            totalScore: totalScore, grade: grade, targetSelfEvaluation: brief.targetSelfEvaluation, targetFormTitle: targetTitle,
            body: [], evaluators: [], filledOn: filledOn)
        let evaluationID = r.text(), evaluationName = r.text()
        let evaluationScoring = r.raw(ScoringScheme.self)
        let moneyUnit = r.raw(MoneyUnit.self)
        let places = r.int()
        // Every figure as recorded: the memberwise init would compute the balance and the
        // rates again (two Decimal divisions: half of reading a record).
        var total = FundFigures(initialBudget: nil, annualBudget: nil, received: nil, executed: nil)
        total.initialBudget = r.number()
        total.annualBudget = brief.annualBudget
        total.received = r.number()
        total.executed = brief.executed
        total.balance = r.number()
        total.receivedRate = r.optionalDecimal()
        total.executionRate = brief.executionRate
        total.unlisted = r.bool()
        guard let evaluationScoring, let moneyUnit else { return nil }
        let evaluation = ProjectEvaluation(
            id: evaluationID, name: evaluationName, scoring: evaluationScoring,
            funds: FundBlock(unit: moneyUnit, places: places, lines: [], sources: [], total: total),
            budgetExecution: nil, indicators: [], scoresheet: brief.scoresheet, appendix: brief.appendix)
        let path = r.text(), projectYear = r.int()
        let projectUnit = r.optional()
        let idLocation = r.location(), nameLocation = r.location()
        guard !r.failed, r.atEnd else { return nil }
        var project = LoadedProject(definition: definition, evaluation: evaluation, file: brief.file, path: path, year: projectYear,
                                    unit: projectUnit, department: brief.department, implementer: brief.implementer,
                                    idLocation: idLocation, nameLocation: nameLocation)
        project.reloadFrom = url
        project.checkedProblems = brief.checkedProblems
        return project
    }

    /// `result` of an entry held in an array (tests).
    static func result(_ bytes: [UInt8], url: URL) -> ProjectFiles.Result? {
        bytes.withUnsafeBufferPointer { result($0, url: url) }
    }
}
