import TextFormats

/// Reads a template's tags against a `DataContract`, with the renderer's lookup rules
/// (innermost section first, aliases as the compiler resolves them): a field the kind does
/// not provide, a filter on the wrong kind of value, a section used as a loop over something
/// that is not a list. Each problem is reported once, where the tag stands.
public enum ContractCheck {
    /// `unreadable`: where the template's syntax errors stand — a tag that could not be read
    /// there may be the one a rule looks for, which is not reported missing as well.
    public static func check(fields: [TemplateField], contract: DataContract, options: TemplateOptions,
                             unreadable: [TemplateLocation] = []) -> [TemplateError] {
        var checker = Checker(contract: contract, options: options)
        checker.orphanPlaces = orphanClosePlaces(fields)
        for field in fields { checker.add(field) }
        checker.problems += checker.totals.problems(unreadable: unreadable)
        // A deleted `{{> body}}` is no error of any tag: without this the check passed and every
        // report came out without its body.
        for essential in contract.essentials where !essential.paths.contains(where: checker.used.contains) {
            checker.problems.append(TemplateError(.missingEssentialTag, "模板中没有 \(essential.tag)：\(essential.loss)。若是误删，\(essential.advice)；若确实不要，可不理会此警告"))
        }
        return checker.problems
    }
}

extension ContractCheck {
    /// The rows (or paragraphs) holding a named close tag with no open tag of its name before
    /// it — `{{#indicators}}` deleted. The compiler says to put it back (E-TPL-002); the item
    /// fields beside it are not each reported as outside their loop.
    static func orphanClosePlaces(_ fields: [TemplateField]) -> Set<String> {
        var open: [String] = []
        var places: Set<String> = []
        for field in fields {
            switch field.kind {
            case .section, .inverted:
                open.append(field.path)
            case .close:
                if field.path.isEmpty {
                    _ = open.popLast()
                } else if let index = open.lastIndex(of: field.path) {
                    open.removeSubrange(index...)
                } else {
                    places.insert(place(field.location))
                }
            default:
                break
            }
        }
        return places
    }

    /// A table row, or a paragraph outside tables.
    static func place(_ location: TemplateLocation) -> String {
        if let key = tableKey(location), let row = location.row { return "\(key) \(row)" }
        return "\(location.part) p\(location.paragraph)"
    }

    /// The part, text box and table a location is in; nil outside tables.
    static func tableKey(_ location: TemplateLocation) -> String? {
        guard let table = location.table else { return nil }
        return "\(location.part) \(location.textBox ?? 0) \(table)"
    }
}

private struct Checker {
    struct Scope {
        /// Contract node of the section's frame (`indicators[]`, `project`), nil when the
        /// section pushes no object (a flag, a text, an inverted section, an unknown path).
        var node: String?
        var field: TemplateField
        var kind: DataContract.ValueKind?
        var inverted: Bool
        /// A loop over a list that repeats table rows: what each row of it uses.
        var rowLoop: RowLoop?
        /// Numbers the section among the template's, for `LoopTotals`.
        var serial = 0
        /// The item fields a loop's tags print (`score`), for `LoopTotals`.
        var items: Set<String> = []
    }

    /// The rows of one row loop, each with its first tag and whether any tag of it is one of the
    /// item's fields: a row that uses none (the 合计 row the close tag was moved into) is
    /// printed once per item all the same.
    struct RowLoop {
        var table: String
        var rows: [(row: Int, first: TemplateField, usesItem: Bool)] = []

        mutating func note(_ field: TemplateField, usesItem: Bool) {
            guard let row = field.location.row else { return }
            if let last = rows.indices.last, rows[last].row == row {
                rows[last].usesItem = rows[last].usesItem || usesItem
            } else {
                rows.append((row, field, usesItem))
            }
        }
    }

    /// Row loops already closed, by table and list: a second one over the same list in the same
    /// table prints every item twice.
    var closedRowLoops: [String: TemplateField] = [:]

    let contract: DataContract
    let options: TemplateOptions
    var stack = SectionStack<Scope>()
    var scopes: [Scope] {
        get { stack.scopes }
        set { stack.scopes = newValue }
    }
    var problems: [TemplateError] = []

    init(contract: DataContract, options: TemplateOptions) {
        self.contract = contract
        self.options = options
        totals = LoopTotals(contract: contract, delimiters: options.delimiters)
    }

    var totals: LoopTotals
    var sectionCount = 0

    /// Contract paths the template's tags name (`body`, `indicators`).
    var used: Set<String> = []
    /// Rows whose loop lost its open tag (`ContractCheck.orphanClosePlaces`).
    var orphanPlaces: Set<String> = []

    mutating func add(_ field: TemplateField) {
        if field.kind != .close, let named = resolve(field.path) { used.insert(named.path) }
        stack.enter(field)
        noteRow(field)
        switch field.kind {
        case .close:
            if let closed = scopes.popLast() {
                if let loop = closed.rowLoop { closeRowLoop(loop, opened: closed.field, closing: field) }
                if closed.kind == .list, !closed.inverted, let node = closed.node {
                    totals.noteLoop(closed.field, list: String(node.dropLast(2)), items: closed.items, sections: scopes.map(\.serial))
                }
            }
        case .value:
            checkValue(field)
        case .image:
            checkImage(field)
        case .section, .inverted:
            openSection(field)
            sectionCount += 1
            scopes[scopes.count - 1].serial = sectionCount
        case .block:
            checkBlock(field)
        }
    }

    /// Contract nodes searched for a first key, innermost first.
    var frames: [String] { scopes.reversed().compactMap(\.node) + [""] }

    /// The contract node a path names, or nil when the contract does not provide it.
    func resolve(_ written: String) -> DataContract.Field? {
        let text = options.resolvingAlias(written, inside: scopes.filter { $0.node != nil }.map(\.field.path))
        var relative = false
        var body = Substring(text)
        if body.hasPrefix(".") { relative = true; body = body.dropFirst() }
        let keys = DataPath.dotted(body)
            .split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = keys.first else { return nil }
        let bases = relative ? Array(frames.prefix(1)) : frames
        guard let base = bases.first(where: { contract.child(first, of: $0) != nil }) else { return nil }
        var node = base
        var current: DataContract.Field?
        for key in keys {
            if let field = current, field.kind == .list, Int(key) != nil {
                node = field.path + "[]"
                current = DataContract.Field(node, .object, "")
                continue
            }
            guard let next = contract.child(key, of: node) else {
                // An outline's inside is free-form data.
                if current?.kind == .outline { return current }
                return nil
            }
            current = next
            node = next.path
        }
        return current
    }

    /// Item fields outside any loop, by table row: the first one's error and what the row's
    /// fields have in common.
    var rowsWithoutLoop: [String: (error: Int, tags: [String], lists: [String])] = [:]

    /// A second item field in a table row with no loop (both loop tags deleted, or never
    /// written): the row's one message grows to name every such tag and the loop to add —
    /// nine cells were nine messages. False for the row's first (reported as usual).
    mutating func groupItemField(_ field: TemplateField, path: String, lists: [String]) -> Bool {
        let place = ContractCheck.place(field.location)
        guard var row = rowsWithoutLoop[place] else {
            rowsWithoutLoop[place] = (problems.count, [field.tag], lists)
            return false
        }
        row.tags.append(field.tag)
        let common = row.lists.filter(lists.contains)
        if !common.isEmpty { row.lists = common }
        rowsWithoutLoop[place] = row
        let list = row.lists[0]
        let open = options.delimiters.open, close = options.delimiters.close
        problems[row.error].message = "这一行的 \(row.tags.count) 个标签 \(row.tags.joined(separator: "、")) 是列表每一项的字段，"
            + "但这一行不在 " + row.lists.map { "\(open)#\($0)\(close)…\(open)/\($0)\(close)" }.joined(separator: " 或 ") + " 之内（数据中没有这些字段）："
            + "要按 \(list) 的每一项重复这一行，请在这一行第一个单元格的开头加上 \(open)#\(list)\(close)、最后一个单元格的末尾加上 \(open)/\(list)\(close)"
        return true
    }

    /// What a person may have meant: paths visible here and the aliases, closest first.
    func suggestions(for written: String) -> [String] {
        var candidates: [String: String] = [:]
        for frame in frames {
            let prefix = frame.isEmpty ? "" : frame + "."
            for field in contract.fields where field.path.hasPrefix(prefix) {
                let rest = String(field.path.dropFirst(prefix.count))
                guard !rest.contains("[]") else { continue }
                if candidates[rest] == nil {
                    candidates[rest] = field.chinese.isEmpty ? rest : "\(rest)（\(field.chinese)）"
                }
            }
        }
        let aliases = options.aliases
        for (alias, target) in aliases where candidates[alias] == nil {
            candidates[alias] = "\(alias)（\(target)）"
        }
        var found = EditDistance.nearest(to: written, in: Array(candidates.keys), count: 3)
        // A misspelt last part of a long path: compare the last parts too.
        if found.isEmpty, let dot = written.lastIndex(of: ".") {
            let head = written[..<dot]
            let tail = String(written[written.index(after: dot)...])
            let siblings = candidates.keys.filter { $0.hasPrefix(head + ".") && !$0.dropFirst(head.count + 1).contains(".") }
            let near = EditDistance.nearest(to: tail, in: siblings.map { String($0.dropFirst(head.count + 1)) }, count: 3)
            found = near.map { head + "." + $0 }
        }
        return found.compactMap { candidates[$0] }
    }

    /// `listHere`: with nothing near, list the fields usable at the tag (an image tag lists the
    /// image fields instead).
    mutating func unknown(_ field: TemplateField, path: String, listHere: Bool = true) {
        var message = "数据中没有字段 \(path)（\(contract.name) 模板可用的字段见 reportgen template fields --for \(contract.name)）"
        // A field of a list's items written outside the list's loop: say where it belongs.
        let target = options.resolvingAlias(path)
        let lists = contract.fields.filter { $0.path.contains("[].") && ($0.itemRelativePath == target || $0.chinese == path) && $0.isAlias }
            .map { String($0.path[..<$0.path.range(of: "[].", options: .backwards)!.lowerBound]) }
        if !lists.isEmpty {
            let loops = lists.filter { !$0.contains("[]") }.map { "{{#\($0)}}…{{/\($0)}}" }
            if !loops.isEmpty {
                // The row's open tag was deleted: one message at its close says to put it back.
                if orphanPlaces.contains(ContractCheck.place(field.location)) { return }
                if field.location.table != nil, groupItemField(field, path: path, lists: lists.filter { !$0.contains("[]") }) { return }
                message += "。\(path) 是列表每一项的字段，只能写在 " + loops.joined(separator: " 或 ") + " 之内（表格的重复行里，{{#…}} 与 {{/…}} 之间）"
                problems.append(TemplateError(.unknownField, message, location: field.location, tag: field.tag))
                return
            }
        }
        let near = suggestions(for: path)
        if !near.isEmpty {
            message += "。您是不是要写 " + near.joined(separator: " 或 ") + "？"
        } else if listHere {
            message += "。" + availableHere()
        }
        problems.append(TemplateError(.unknownField, message, location: field.location, tag: field.tag))
    }

    /// The fields of the innermost frame (a loop's item, or the top level), by the names a tag
    /// may use — for a name nothing resembles, so the message still says what can stand here.
    func availableHere(limit: Int = 12) -> String {
        let frame = frames.first ?? ""
        let prefix = frame.isEmpty ? "" : frame + "."
        let names = contract.fields.filter { $0.path.hasPrefix(prefix) && $0.kind != .object && !$0.path.dropFirst(prefix.count).contains("[]") }
            .map { $0.isAlias && !$0.chinese.isEmpty ? $0.chinese : String($0.path.dropFirst(prefix.count)) }
        guard !names.isEmpty else { return "此处没有可用的字段" }
        let place: String
        if let loop = scopes.last(where: { $0.node == frame && !frame.isEmpty }) {
            place = "在 {{#\(loop.field.path)}}…{{/\(loop.field.path)}} 之内可用的字段"
        } else {
            place = "此处可用的字段"
        }
        let shown = names.prefix(limit).joined(separator: "、")
        return place + "：" + shown + (names.count > limit ? " 等 \(names.count) 个" : "")
    }

    static let itemOnlyPaths: Set<String> = [".", "@index", "@number", "@first", "@last"]

    mutating func checkValue(_ field: TemplateField) {
        if Self.itemOnlyPaths.contains(field.path) {
            guard let scope = scopes.last(where: { !$0.inverted }) else { return }
            if let kind = scope.kind, kind != .list {
                problems.append(TemplateError(.loopOverNonList,
                    "\(field.path) 只能用在列表的重复区段中，而 \(scope.field.path) 不是列表（它是\(Self.kindName(kind))），区段 \(scope.field.tag) 不会重复",
                    location: field.location, tag: field.tag))
            }
            return
        }
        guard let resolved = resolve(field.path) else {
            unknown(field, path: field.path)
            return
        }
        totals.notePrinted(resolved.path, by: field, sections: scopes.map(\.serial))
        if let index = scopes.lastIndex(where: { $0.kind == .list && $0.node.map { resolved.path.hasPrefix($0 + ".") } == true }),
           let node = scopes[index].node {
            scopes[index].items.insert(String(resolved.path.dropFirst(node.count + 1)))
            if field.spansLoopRows, scopes[index].rowLoop != nil { itemInSpanningCell(field, list: scopes[index].field.path) }
        }
        for filter in field.filters {
            if let reason = Self.filterProblem(filter.name, on: resolved.kind) {
                let name = resolved.chinese.isEmpty ? resolved.path : "\(resolved.path)（\(resolved.chinese)）"
                problems.append(TemplateError(.filterOnWrongKind, "过滤器 \(filter.name) 不能用于 \(name)：它是\(Self.kindName(resolved.kind))，\(reason)",
                                              location: field.location, tag: field.tag))
            }
        }
    }

    /// Cells already reported by `itemInSpanningCell`.
    var spanningCells: Set<String> = []

    /// E-TPL-045: an item's field in a loop-row cell Word merges down (the row's last cell
    /// merged with the 合计 row's below it). Such a cell spans every row the loop makes and is
    /// printed once, so the field showed the first item's value only: every other item's 偏差原因
    /// was lost, and the check passed. Once per cell.
    mutating func itemInSpanningCell(_ field: TemplateField, list: String) {
        let location = field.location
        guard spanningCells.insert("\(location.part) \(location.textBox ?? 0) \(location.table ?? 0) \(location.row ?? 0) \(location.cell ?? 0)").inserted else { return }
        let open = options.delimiters.open, close = options.delimiters.close
        problems.append(TemplateError(.itemInSpanningCell,
            "这个单元格在 Word 中与下面的单元格合并了（向下合并）：重复行里向下合并的单元格跨过 \(list) 生成的全部行、只印一次，"
            + "其中的 \(field.tag) 只印出第一项的值，其余各项的值都不会印出。请在 Word 中选中合并后的单元格，"
            + "“表格工具 → 布局 → 拆分单元格”拆回上下两格（WPS：“表格工具 → 拆分单元格”），让它只占这一行；"
            + "原在下面一格的文字（如“合计”行的内容）拆分后留在这一格里，请移回下面一格。"
            + "若要把上下相同的值合并成一格，请用 merge 过滤器，如 \(open)\(field.path) | merge\(close)",
            location: location, tag: field.tag))
    }

    /// `{{%path}}` needs a field the contract gives as a picture file's path.
    mutating func checkImage(_ field: TemplateField) {
        guard !Self.itemOnlyPaths.contains(field.path) || field.path == "." else {
            problems.append(TemplateError(.imageOnNonImage, "\(field.path) 不是图片文件路径，{{%…}} 只用于图片字段", location: field.location, tag: field.tag))
            return
        }
        guard field.path != "." else { return }
        guard let resolved = resolve(field.path) else {
            unknown(field, path: field.path, listHere: false)
            let images = contract.fields.filter { $0.kind == .image }.map { $0.chinese.isEmpty ? $0.path : "\($0.path)（\($0.chinese)）" }
            if !images.isEmpty, let last = problems.indices.last {
                problems[last].message += "（图片字段：" + images.joined(separator: "、") + "）"
            }
            return
        }
        guard resolved.kind == .image else {
            let name = resolved.chinese.isEmpty ? resolved.path : "\(resolved.path)（\(resolved.chinese)）"
            let images = contract.fields.filter { $0.kind == .image }
                .map { $0.chinese.isEmpty ? $0.path : "\($0.path)（\($0.chinese)）" }
            let hint = images.isEmpty ? "本模板的数据中没有图片字段" : "可用的图片字段：" + images.joined(separator: "、")
            problems.append(TemplateError(.imageOnNonImage,
                "\(name) 是\(Self.kindName(resolved.kind))，不是图片文件路径，不能用 {{%…}} 插入图片（\(hint)）；要印出文字请写 {{\(field.path)}}",
                location: field.location, tag: field.tag))
            return
        }
    }

    mutating func openSection(_ field: TemplateField) {
        let inverted = field.kind == .inverted
        if Self.itemOnlyPaths.contains(field.path) {
            scopes.append(Scope(node: nil, field: field, kind: nil, inverted: inverted, rowLoop: nil))
            return
        }
        guard let resolved = resolve(field.path) else {
            unknown(field, path: field.path)
            scopes.append(Scope(node: nil, field: field, kind: nil, inverted: inverted, rowLoop: nil))
            return
        }
        // `{{#等次 == "优"}}优秀{{/}}` prints the grade in words.
        totals.notePrinted(resolved.path, by: field, sections: scopes.map(\.serial))
        var node: String?
        if !inverted {
            switch resolved.kind {
            case .list: node = resolved.path + "[]"
            case .object: node = resolved.path
            default: node = nil
            }
        }
        var rowLoop: RowLoop?
        if resolved.kind == .list, !inverted, field.placement == "rows", let table = ContractCheck.tableKey(field.location) {
            let key = table + " " + resolved.path
            if let earlier = closedRowLoops[key], let row = field.location.row, let earlierRow = earlier.location.row {
                let open = options.delimiters.open, close = options.delimiters.close
                let loop = "\(open)#\(field.path)\(close)…\(open)/\(field.path)\(close)"
                problems.append(TemplateError(.listRepeatedInTable,
                    "第 \(row) 行与第 \(earlierRow) 行都按 \(field.path) 的每一项重复（各有一个 \(loop)）：这张表会把每一项印两遍。"
                    + "若是复制行时多复制了一行，请删去多出的一行；若每一项要占两行，请只在第一行的第一个单元格开头写 \(open)#\(field.path)\(close)、"
                    + "在第二行最后一个单元格的末尾写 \(open)/\(field.path)\(close)（一个区段跨两行），删去中间的一对",
                    location: field.location, tag: field.tag))
            }
            closedRowLoops[key] = field
            rowLoop = RowLoop(table: table)
            headerRows(field)
        }
        if resolved.kind == .list, !inverted, field.inFixedTextBox {
            problems.append(TemplateError(.loopInFixedTextBox, TextBoxLoops.message(tag: field.tag, path: field.path, placement: field.placement),
                                          location: field.location, tag: field.tag))
        }
        if resolved.kind == .list, !inverted, let note = field.noteInside {
            let close = options.delimiters.open + "/" + field.path + options.delimiters.close
            problems.append(TemplateError(.noteInRepeatedSection,
                                          RepeatedNotes.message(tag: field.tag, path: field.path, placement: field.placement, note: note, close: close),
                                          location: field.location, tag: field.tag))
        }
        scopes.append(Scope(node: node, field: field, kind: resolved.kind, inverted: inverted, rowLoop: rowLoop))
    }

    /// A loop over rows Word repeats at the top of each page. Starting in the header row (the
    /// 绩效指标 cell merged in Word with the empty header cell above, which moves `{{#indicators}}`
    /// up into it) it printed the header before every item with the merges in ruins, and passed:
    /// E-TPL-006. Loop rows marked as header rows make every item one, and the pages the table
    /// runs onto lose the real header: W-TPL-018.
    mutating func headerRows(_ field: TemplateField) {
        let row = field.location.row ?? 1
        switch field.headerRows {
        case .none:
            return
        case .startsInHeader(let merged):
            var why = "区段 \(field.tag) 从第 \(row) 行开始，而第 \(row) 行是表头行（表格属性中勾选了“在各页顶端以标题行形式重复出现”）："
                + "表头行会随每一项重复，每一项前都印一遍表头，上下合并的单元格也随之错乱。"
            if merged {
                why += "多半是在 Word 中把表头的单元格与下面重复行的单元格合并了，\(field.tag) 随之移进了表头行。"
                    + "请选中这个合并的单元格，“表格工具 → 布局 → 拆分单元格”拆回上下两格，把 \(field.tag) 放回第 \(row + 1) 行第 1 个单元格的开头"
            } else {
                why += "请把 \(field.tag) 移到表头下面一行的第 1 个单元格的开头"
            }
            problems.append(TemplateError(.incompatiblePlacement, why, location: field.location, tag: field.tag))
        case .headerRows:
            problems.append(TemplateError(.loopRowIsHeader,
                "重复的表格行（按 \(field.path) 的每一项重复）在 Word 中设成了表头行（“重复标题行”）：生成的每一项都成了表头行，"
                + "表格跨页时续页顶端不再印出真正的表头。请选中这一行，在“表格工具 → 布局”中取消“重复标题行”（只给上面的表头行勾选），再检查",
                location: field.location, tag: field.tag))
        }
    }

    /// Records the field's row in the innermost row loop of its table, before the field opens
    /// or closes anything (a nested section's tag counts for its row like a value's).
    mutating func noteRow(_ field: TemplateField) {
        guard let index = scopes.lastIndex(where: { $0.rowLoop != nil }), let loop = scopes[index].rowLoop,
              ContractCheck.tableKey(field.location) == loop.table, let node = scopes[index].node else { return }
        var usesItem = false
        if field.kind != .close {
            if Self.itemOnlyPaths.contains(field.path) {
                usesItem = true
            } else if let resolved = resolve(field.kind == .block ? options.blocks.resolve(field.path).argument : field.path) {
                usesItem = resolved.path.hasPrefix(node + ".")
            }
        }
        scopes[index].rowLoop?.note(field, usesItem: usesItem)
    }

    /// W-TPL-012: the rows at the end of a row loop that use none of the item's fields.
    mutating func closeRowLoop(_ loop: RowLoop, opened: TemplateField, closing: TemplateField) {
        guard let lastUsing = loop.rows.lastIndex(where: \.usesItem), lastUsing < loop.rows.count - 1 else { return }
        let trailing = loop.rows[(lastUsing + 1)...]
        guard let first = trailing.first else { return }
        let open = options.delimiters.open, close = options.delimiters.close
        let itemRow = loop.rows[lastUsing].row
        let rowsText = trailing.map { "第 \($0.row) 行" }.joined(separator: "、")
        let span = loop.rows.first.map { "第 \($0.row) 行" } ?? ""
        problems.append(TemplateError(.loopRowWithoutItem,
            "区段 \(opened.tag) 从\(span)到 \(closing.tag) 所在的第 \(loop.rows.last!.row) 行，这几行按 \(opened.path) 的每一项重复；"
            + "\(rowsText)没有用到每一项的字段，也会随每一项重复（有几项就印几遍）。若这一行只该印一次（如“合计”行），"
            + "请把 \(open)/\(opened.path)\(close) 移到第 \(itemRow) 行最后一个单元格的末尾；若确实要每一项都印这一行，可不理会此警告",
            location: first.first.location, tag: first.first.tag))
    }

    mutating func checkBlock(_ field: TemplateField) {
        let target = options.blocks.resolve(field.path)
        guard target.name == "outline", !target.argument.isEmpty else { return }
        guard let resolved = resolve(target.argument) else {
            unknown(field, path: target.argument)
            return
        }
        if resolved.kind != .outline && resolved.kind != .list {
            problems.append(TemplateError(.filterOnWrongKind, "大纲块 {{> \(target.argument)}} 需要大纲数据，而 \(resolved.path) 是\(Self.kindName(resolved.kind))",
                                          location: field.location, tag: field.tag))
        }
    }

    static func kindName(_ kind: DataContract.ValueKind) -> String {
        switch kind {
        case .text: return "文字"
        case .amount: return "已格式化的数值文字"
        case .rate: return "已格式化的百分比文字（如 96.27%）"
        case .date: return "日期"
        case .flag: return "是/否标志"
        case .list: return "列表"
        case .object: return "一组字段"
        case .outline: return "大纲"
        case .image: return "图片文件路径"
        }
    }

    /// Why a filter cannot take a kind of value, or nil when it can.
    static func filterProblem(_ filter: String, on kind: DataContract.ValueKind) -> String? {
        switch filter {
        case "number", "money", "cn":
            switch kind {
            case .amount: return nil
            case .rate: return "已带 %，直接写 {{路径}} 即可"
            default: return "\(filter) 只用于数值"
            }
        case "percent":
            return kind == .amount || kind == .rate ? nil : "percent 只用于数值或百分比"
        case "date":
            return kind == .date ? nil : "date 只用于日期（如 2022-06-27）；已是中文日期的字段直接写 {{路径}}"
        case "join":
            return kind == .list ? nil : "join 只用于列表"
        case "upper", "lower", "default", "merge":
            return kind == .list || kind == .object || kind == .flag || kind == .outline ? "它只用于文字" : nil
        default:
            return nil
        }
    }
}
