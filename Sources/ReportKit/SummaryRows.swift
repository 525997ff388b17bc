/// The 汇总表's rows held as their fields' UTF-8 bytes, one buffer per slice they were made in
/// (`SummaryForm.init(year:unit:projects:)`), each row given back as a `SummaryForm.Row` when
/// asked for (issue 12: 10 000 rows of ten Strings each, with the briefs' Strings they shared,
/// were some 5 MB at the start of the summary's job, the peak of a package run).
public struct SummaryRows: RandomAccessCollection, Sendable {
    /// Rows made in one pass, in order.
    public struct Part: Sendable {
        var bytes: [UInt8] = []
        /// Per row, the end of each of its `SummaryRows.fields` fields in `bytes`.
        var ends: [UInt32] = []

        init() {}

        var count: Int { ends.count / SummaryRows.fields }

        mutating func append(_ row: SummaryForm.Row) {
            for var field in [row.index, row.id, row.name, row.department, row.implementer,
                              row.annualBudget, row.executed, row.executionRate, row.score, row.grade] {
                field.withUTF8 { bytes.append(contentsOf: $0) }
                ends.append(UInt32(bytes.count))
            }
        }

        /// Row `index`'s fields' UTF-8, one call of `body` each, in `SummaryForm.Row`'s order.
        func withFields(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            bytes.withUnsafeBufferPointer { all in
                for number in 0..<SummaryRows.fields {
                    let end = index * SummaryRows.fields + number
                    let start = end == 0 ? 0 : Int(ends[end - 1])
                    body(UnsafeBufferPointer(rebasing: all[start..<Int(ends[end])]))
                }
            }
        }

        /// Row `index` as Strings, read through `withFields` (the one place a field's bytes are found).
        func row(_ index: Int) -> SummaryForm.Row {
            var field: [String] = []
            field.reserveCapacity(SummaryRows.fields)
            withFields(index) { field.append(String(decoding: $0, as: UTF8.self)) }
            return SummaryForm.Row(index: field[0], id: field[1], name: field[2], department: field[3], implementer: field[4],
                                   annualBudget: field[5], executed: field[6], executionRate: field[7], score: field[8],
                                   grade: field[9])
        }
    }

    static let fields = 10
    /// The id's place among a row's fields (the CSV has no id column).
    static let idField = 1
    private let parts: [Part]
    /// The index of each part's first row.
    private let starts: [Int]

    init(_ parts: [Part]) {
        self.parts = parts
        var starts: [Int] = []
        var next = 0
        for part in parts {
            starts.append(next)
            next += part.count
        }
        self.starts = starts
        endIndex = next
    }

    public var startIndex: Int { 0 }
    public let endIndex: Int

    public subscript(index: Int) -> SummaryForm.Row {
        let (part, row) = place(index)
        return parts[part].row(row)
    }

    /// Row `index`'s fields' UTF-8, in `SummaryForm.Row`'s order (no String made).
    public func withFields(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let (part, row) = place(index)
        parts[part].withFields(row, body)
    }

    private func place(_ index: Int) -> (part: Int, row: Int) {
        precondition(index >= 0 && index < endIndex, "SummaryRows: row \(index) of \(endIndex)")
        // A handful of parts (one per core): the last that starts at or before the row.
        var part = parts.count - 1
        while starts[part] > index { part -= 1 }
        return (part, index - starts[part])
    }
}
