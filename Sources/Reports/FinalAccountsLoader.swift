import ErrorCodes
import Foundation
import JSONValue

/// A final-accounts file read, checked and resolved: its outline with every tag replaced by
/// the computed value and every derived chart replaced by its data.
public struct LoadedFinalAccounts: Sendable, Equatable {
    public var definition: FinalAccountsDefinition
    /// `definition.body` with tags resolved and `{"derived": …}` charts filled in.
    public var body: [BodyNode]
}

enum FinalAccountsLoader {
    /// Decodes, cross-checks and resolves; nil when the file has errors (reported in `context`).
    static func load(_ node: Node, year: Int) -> LoadedFinalAccounts? {
        let context = node.context
        guard let definition = FinalAccountsDecoder.definition(node) else { return nil }
        let before = context.errorCount
        var checks = AccountChecks(definition: definition, context: context)
        checks.run()
        let statements = AccountStatements(figures: definition.figures, year: year)
        let resolver = Resolver(text: AccountText(statements: statements),
                                charts: AccountCharts(figures: definition.figures, year: year), context: context)
        let body = resolver.nodes(definition.body, path: PathSupport.member(node.path, "body"))
        guard context.errorCount == before else { return nil }
        return LoadedFinalAccounts(definition: definition, body: body)
    }

    struct Resolver {
        let text: AccountText
        let charts: AccountCharts
        let context: DecodingContext

        func nodes(_ list: [BodyNode], path: String) -> [BodyNode] {
            list.enumerated().map { index, node in self.node(node, path: PathSupport.element(path, index)) }
        }

        func node(_ node: BodyNode, path: String) -> BodyNode {
            var out = node
            out.heading = node.heading.map { string($0, PathSupport.member(path, "heading")) }
            out.item = node.item.map { string($0, PathSupport.member(path, "item")) }
            out.text = node.text.map { string($0, PathSupport.member(path, "text")) }
            if let chart = node.chart { out.chart = self.chart(chart, path: PathSupport.member(path, "chart")) }
            out.children = node.children.map { nodes($0, path: PathSupport.member(path, "children")) }
            return out
        }

        func string(_ value: String, _ path: String) -> String {
            text.checkTypedNumbers(value, path: path, context: context)
            text.checkTagUnits(value, path: path, context: context)
            ProseFigures.check(value, path: path, value: { try? text.value(of: $0).get() }, place: { text.figures[$0]?.path },
                               context: context)
            return text.resolve(value, path: path, context: context)
        }

        func chart(_ chart: AnyJSON, path: String) -> AnyJSON {
            guard case .object(let object) = chart.value else { return chart }
            guard let derived = object["derived"] else {
                checkHandWritten(object, path: path)
                return chart
            }
            for key in object.keys where key != "derived" && key != "title" && !key.hasPrefix("_") {
                context.report(ErrorCode.badDerivedChart, PathSupport.member(path, key),
                               "派生图表只能另写 title；数据来自 figures，不能手写「\(key)」。")
            }
            guard case .string(let name) = derived else {
                context.report(ErrorCode.badDerivedChart, PathSupport.member(path, "derived"), "derived 应为图表名称（字符串）。")
                return chart
            }
            let title = object["title"]?.stringValue
            switch charts.chart(name, title: title) {
            case .success(let value): return AnyJSON(value)
            case .failure(let failure):
                context.report(ErrorCode.badDerivedChart, PathSupport.member(path, "derived"), failure.message)
                return chart
            }
        }

        /// A hand-written chart whose category names a figure must show that figure (single-series charts).
        func checkHandWritten(_ object: JSONObject, path: String) {
            guard case .array(let categories)? = object["categories"], case .array(let series)? = object["series"],
                  series.count == 1, case .array(let values)? = series[0]["values"] else { return }
            let named = text.namedFigures
            for (i, category) in categories.enumerated() where i < values.count {
                guard let name = category.stringValue, let figure = named.first(where: { $0.name == name })?.figure,
                      let v = figure.value, let given = values[i].decimal else { continue }
                let places = FormNumber(given).scale
                if FormFormat.round(v.value, places: places) != given {
                    context.report(ErrorCode.chartContradictsFigure,
                                   JSONPath.appending(JSONPath.appending(path, key: "series") + "[0].values", index: i),
                                   "图表中「\(name)」为 \(FormFormat.trimmed(given, places: places))，与数据 \(figure.path) = \(AccountPhrases.amount(v)) 不符；可改用 {\"derived\": …} 由数据生成。")
                }
            }
        }
    }
}
