import ErrorCodes
import Foundation
import JSONValue

/// Decodes a final-accounts file (`finalAccounts` of a package) the way projects are decoded:
/// every problem reported with its JSON path, a value with a problem left out.
enum FinalAccountsDecoder {
    static let figureKeys = ["决算数", "上年数", "预算数", "变动原因", "预算差异原因"]

    static func definition(_ node: Node) -> FinalAccountsDefinition? {
        guard let o = node.object() else { return nil }
        let before = o.context.errorCount
        let title = o.optional("title")?.string(nonEmpty: true)
        let unit = o.optional("unit")?.oneOf(AccountUnit.allCases.map { ($0.rawValue, $0) }, what: "金额单位") ?? .wanYuan
        var figures = FinalAccountsFigures(unit: unit)
        if let f = o.optional("figures") { figures = self.figures(f, unit: unit) }
        let slips = o.optional("acceptedSlips")?.array()?.compactMap { $0.string(nonEmpty: true) } ?? []
        let body = o.optional("body")?.array().map { $0.compactMap(DefinitionDecoder.bodyNode) } ?? []
        o.finish()
        guard o.context.errorCount == before else { return nil }
        return FinalAccountsDefinition(title: title, figures: figures, acceptedSlips: slips, body: body)
    }

    static func figures(_ node: Node, unit: AccountUnit) -> FinalAccountsFigures {
        var result = FinalAccountsFigures(unit: unit)
        guard let o = node.object() else { return result }
        for (name, _) in o.members.members where !name.hasPrefix("_") && name != "$schema" {
            guard let section = AccountCatalog.section(name) else {
                var message = "未知的决算项目「\(name)」。"
                if let guess = Suggestion.closest(to: name, in: AccountCatalog.sections.map(\.name)) { message += "是否应为「\(guess)」？" }
                else { message += "可用：\(AccountCatalog.sections.map(\.name).joined(separator: "、"))。" }
                o.context.report(ErrorCode.unknownFigure, PathSupport.member(o.path, name), message)
                continue
            }
            guard let child = o.optional(name) else { continue }
            if section.lines.isEmpty {
                if let f = figure(child, key: section.name, kind: .money) { result.figures.append(f) }
                continue
            }
            guard let lines = child.object() else { continue }
            for line in section.lines {
                guard let value = lines.optional(line) else { continue }
                let key = AccountCatalog.key(section.name, line)
                if let f = figure(value, key: key, kind: AccountCatalog.kind(of: key)) { result.figures.append(f) }
            }
            if section.name == AccountCatalog.generalBudget, let list = lines.optional("类")?.array() {
                result.categories = list.compactMap { subject($0, key: "\(AccountCatalog.generalBudget).类", level: 0) }
            }
            lines.finish()
        }
        return result
    }

    /// A number (this year's figure) or `{决算数, 上年数, 预算数, 变动原因, 预算差异原因}`.
    static func figure(_ node: Node, key: String, kind: AccountCatalog.Kind) -> AccountFigure? {
        var figure = AccountFigure(key: key, path: node.path)
        if kind == .count {
            guard let n = node.number(nonNegative: true) else { return nil }
            guard n.value == FormFormat.round(n.value, places: 0) else {
                node.context.report(ErrorCode.badCount, node.path, "「\(key)」是数量，应为整数（实际为 \(n)）。")
                return nil
            }
            figure.value = n
            return figure
        }
        switch node.value {
        case .number, .string:
            figure.value = node.number()
            return figure.value == nil ? nil : figure
        case .object:
            guard let o = node.object() else { return nil }
            fill(&figure, from: o)
            o.finish()
            return figure
        default:
            node.typeError("数字或对象（决算数、上年数、预算数、变动原因、预算差异原因）")
            return nil
        }
    }

    static func fill(_ figure: inout AccountFigure, from o: ObjectReader) {
        figure.value = o.optional("决算数")?.number()
        figure.previous = o.optional("上年数")?.number()
        figure.budget = o.optional("预算数")?.number()
        figure.changeReason = o.optional("变动原因").flatMap(reason)
        figure.budgetReason = o.optional("预算差异原因").flatMap(reason)
    }

    /// A reason sentence, or `false`: no reason applies.
    static func reason(_ node: Node) -> AccountReason? {
        switch node.value {
        case .bool(false): return .notApplicable
        case .string: return node.string(nonEmpty: true).map { .text($0) }
        default: node.typeError("原因文字或 false（不适用）"); return nil
        }
    }

    static let childKeys = ["款", "项"]

    /// A 类 (level 0), 款 (1) or 项 (2): `{名称, 称谓?, 决算数, …, 款|项: [...]}`.
    static func subject(_ node: Node, key base: String, level: Int) -> BudgetSubject? {
        guard let o = node.object() else { return nil }
        let index = Int(node.path.split(separator: "[").last?.dropLast() ?? "") ?? 0
        let key = "\(base)[\(index)]"
        let name = o.required("名称", ["类名称，例如 一般公共服务", "款名称，例如 商贸事务", "项名称，例如 招商引资"][level])?.string(nonEmpty: true)
        let label = level == 0 ? o.optional("称谓")?.string(nonEmpty: true) : nil
        var figure = AccountFigure(key: key, path: node.path)
        fill(&figure, from: o)
        var children: [BudgetSubject] = []
        if level < 2, let list = o.optional(childKeys[level])?.array() {
            children = list.compactMap { subject($0, key: "\(key).\(childKeys[level])", level: level + 1) }
        }
        o.finish()
        guard let name else { return nil }
        return BudgetSubject(name: name, label: label, figure: figure, children: children)
    }
}
