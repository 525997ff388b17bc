import ErrorCodes
import Foundation
import TextFormats
import OOXML

/// What a chart shows. Built by the report layer from a body node's `"chart"` object;
/// this target only turns it into DrawingML and knows nothing of templates.
public struct ChartSpec: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Horizontal bars (`c:barDir val="bar"`).
        case bar
        /// Vertical columns (`c:barDir val="col"`): the 柱状图 of 部门决算公开.
        case column
        /// One series, slices labelled with category name and percentage (饼状图).
        case pie

        /// The English raw value or the name official reports print after a chart caption
        /// (`（柱状图）`, `（饼状图）`, `（条形图）`), so definitions may use either.
        public init?(name: String) {
            switch name.trimmingCharacters(in: .whitespaces) {
            case "bar", "条形图": self = .bar
            case "column", "柱状图", "柱形图": self = .column
            case "pie", "饼状图", "饼图": self = .pie
            default: return nil
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var categories: [String]
    /// Pie: exactly one series.
    public var series: [Series]
    /// The money unit (`万元`). Bar/column: the value axis title `单位：万元` and the
    /// workbook's corner cell. Pie labels show percentages, which have no unit.
    public var unit: String?
    /// Decimals shown in value labels and on the value axis. `nil`: the largest number of
    /// decimals among the values (Decimal drops trailing zeros, so pass 2 for money).
    public var decimals: Int?

    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Decimal]

        public init(name: String, values: [Decimal]) {
            self.name = name
            self.values = values
        }
    }

    public init(kind: Kind, title: String, categories: [String], series: [Series], unit: String? = nil, decimals: Int? = nil) {
        self.kind = kind
        self.title = title
        self.categories = categories
        self.series = series
        self.unit = unit
        self.decimals = decimals
    }
}

extension ChartSpec {
    /// Limits that keep sheet references and part names sane; far above any real 决算 chart.
    public static let maxCategories = 1000
    public static let maxSeries = 100
    public static let maxDecimals = 6

    /// Every problem of the spec at once, each with a path relative to the chart object.
    public func problems() -> [ChartError.Problem] {
        var found: [ChartError.Problem] = []
        func add(_ code: ErrorCode, _ path: String, _ message: String) {
            found.append(.init(code: code, path: path, message: message))
        }
        func checkText(_ text: String, _ path: String) {
            let removed = XMLText.sanitized(text).removed
            if removed > 0 {
                add(.forbiddenCharacter, path, "含有 \(removed) 个 XML 不允许的控制字符，请删除")
            }
        }

        checkText(title, "title")
        if let unit { checkText(unit, "unit") }
        if categories.isEmpty {
            add(.noCategories, "categories", "图表至少需要一个分类")
        } else if categories.count > Self.maxCategories {
            add(.tooLarge, "categories", "分类有 \(categories.count) 个，超过上限 \(Self.maxCategories)")
        }
        for (i, category) in categories.enumerated() { checkText(category, "categories[\(i)]") }

        if series.isEmpty {
            add(.seriesCount, "series", "图表至少需要一个数据系列")
        } else if kind == .pie && series.count != 1 {
            add(.seriesCount, "series", "饼状图只能有一个数据系列，实际有 \(series.count) 个")
        } else if series.count > Self.maxSeries {
            add(.tooLarge, "series", "数据系列有 \(series.count) 个，超过上限 \(Self.maxSeries)")
        }
        if let decimals, !(0...Self.maxDecimals).contains(decimals) {
            add(.decimals, "decimals", "小数位数应在 0 到 \(Self.maxDecimals) 之间，实际为 \(decimals)")
        }

        for (s, one) in series.enumerated() {
            checkText(one.name, "series[\(s)].name")
            if one.values.count != categories.count {
                add(.valueCount, "series[\(s)].values",
                    "有 \(one.values.count) 个数值，但分类有 \(categories.count) 个，两者应一一对应")
            }
            for (i, value) in one.values.enumerated() where !value.isFinite {
                add(.notANumber, "series[\(s)].values[\(i)]", "数值无效（NaN）")
            }
            if kind == .pie {
                for (i, value) in one.values.enumerated() where value.isFinite && value < 0 {
                    add(.pieNegative, "series[\(s)].values[\(i)]", "饼状图的数值不能为负数（\(DecimalText.plain(value))）")
                }
                if !one.values.isEmpty, one.values.allSatisfy({ $0.isFinite && $0 == 0 }) {
                    add(.pieEmpty, "series[\(s)].values", "饼状图的数值全为 0，无法计算占比")
                }
            }
        }
        return found
    }
}
