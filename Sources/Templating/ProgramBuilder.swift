/// Collects a part's compiled program: literal bytes in one arena, operations in nested
/// lists while sections, merged cells and optional tables are open.
struct ProgramBuilder {
    struct Open {
        enum Kind { case section(Int), merge(Int), table }
        var kind: Kind
        var ops: [Program.Op] = []
        var location: TemplateLocation?
    }
    var arena: [UInt8] = []
    var pending = 0
    var rootOps: [Program.Op] = []
    var stack: [Open] = []

    mutating func literal(_ s: String) { arena.append(contentsOf: s.utf8) }
    mutating func literal(_ b: [UInt8]) { arena.append(contentsOf: b) }

    mutating func flush() {
        if arena.count > pending {
            append(.literal(start: Int32(pending), end: Int32(arena.count)))
        }
        pending = arena.count
    }

    mutating func append(_ op: Program.Op) {
        if stack.isEmpty { rootOps.append(op) } else { stack[stack.count - 1].ops.append(op) }
    }

    mutating func op(_ op: Program.Op) {
        flush()
        append(op)
    }

    /// Stores bytes outside the literal flow (transitions), returning their range.
    mutating func side(_ bytes: [UInt8]) -> Range<Int32> {
        flush()
        let start = Int32(arena.count)
        arena.append(contentsOf: bytes)
        pending = arena.count
        return start..<Int32(arena.count)
    }

    mutating func push(_ kind: Open.Kind, location: TemplateLocation?) {
        flush()
        stack.append(Open(kind: kind, location: location))
    }

    mutating func pop() -> Open? {
        flush()
        return stack.popLast()
    }
}
