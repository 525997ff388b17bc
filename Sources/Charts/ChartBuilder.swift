import Foundation
import OOXML

/// The three parts one chart adds to a DOCX. Register them with `ChartPackaging`'s
/// content types under `ChartPackaging.*PartName(index:)`.
public struct ChartParts: Sendable {
    /// `word/charts/chartN.xml` (`c:chartSpace`); `c:externalData` points at the workbook.
    public var chartXML: [UInt8]
    /// `word/charts/_rels/chartN.xml.rels`: `rId1` → `../embeddings/Microsoft_Excel_WorksheetN.xlsx`.
    public var chartRelsXML: [UInt8]
    /// A minimal .xlsx holding the categories and series, so Word's "Edit data" works.
    public var workbook: [UInt8]
}

/// Turns a `ChartSpec` into the parts of one DOCX chart. Wiring them into a package:
/// 1. `chartXML` at `ChartPackaging.chartPartName(index:)`, content type
///    `ChartPackaging.chartContentType`, related from `word/document.xml` with
///    `ChartPackaging.chartRelationshipType` (target `charts/chartN.xml`) → an id `rIdK`;
/// 2. `chartRelsXML` at `ChartPackaging.chartRelsPartName(index:)`;
/// 3. `workbook` at `ChartPackaging.workbookPartName(index:)`, content type
///    `ChartPackaging.workbookContentType` (Default for `xlsx` or an Override);
/// 4. `inlineDrawingXML(relationshipID: "rIdK", …)` inside a `w:p` where the chart goes.
/// (Steps 2–3 may instead be one relationship added from the chart part with
/// `ChartPackaging.packageRelationshipType`, as long as its id is
/// `ChartPackaging.workbookRelationshipID`, which `c:externalData` names.)
public enum ChartBuilder {
    /// Chart numbers stay in this range so part names stay short and ids cannot overflow.
    public static let indexRange = 1...99_999

    /// All parts for chart number `index` (`chart1.xml` … ). Throws every problem of the spec
    /// at once. Same spec and index → same bytes.
    public static func parts(for spec: ChartSpec, index: Int) throws(ChartError) -> ChartParts {
        var problems = spec.problems()
        if !indexRange.contains(index) {
            problems.append(.init(code: .index, path: "", message: "图表序号应在 \(indexRange.lowerBound) 到 \(indexRange.upperBound) 之间，实际为 \(index)"))
        }
        guard problems.isEmpty else { throw ChartError(problems) }
        let workbook: [UInt8]
        do {
            workbook = try Workbook.zipped(Workbook.parts(for: spec))
        } catch {
            throw ChartError([.init(code: .workbook, path: "", message: "无法生成图表内嵌的 Excel 工作簿：\(error.description)")])
        }
        return ChartParts(chartXML: ChartXML.bytes(for: spec), chartRelsXML: relationships(index: index), workbook: workbook)
    }

    static func relationships(index: Int) -> [UInt8] {
        var x = XMLBuffer()
        x.open("Relationships", ["xmlns": Namespace.packageRelationships])
        // The target is relative to word/charts/.
        let target = "../embeddings/" + ChartPackaging.workbookFileName(index: index)
        x.empty("Relationship", ["Id": ChartPackaging.workbookRelationshipID, "Type": ChartPackaging.packageRelationshipType, "Target": target])
        x.close("Relationships")
        return x.bytes
    }

    /// The run to place in a paragraph (`<w:r><w:drawing><wp:inline>…<c:chart r:id=…/>…`).
    /// Namespaces for `wp`, `a`, `c` and `r` are declared on the elements themselves, so the
    /// run is valid whatever the host document's root declares (only `w` is assumed).
    /// `docPrID` must be unique among the document's drawings.
    public static func inlineDrawingXML(relationshipID: String, docPrID: Int, name: String, widthEMU: Int, heightEMU: Int) -> String {
        var x = XMLBuffer(declaration: false)
        x.open("w:r")
        x.open("w:drawing")
        x.open("wp:inline", ["distT": "0", "distB": "0", "distL": "0", "distR": "0",
                             "xmlns:wp": Namespace.wp])
        x.empty("wp:extent", ["cx": String(max(0, widthEMU)), "cy": String(max(0, heightEMU))])
        x.empty("wp:effectExtent", ["l": "0", "t": "0", "r": "0", "b": "0"])
        x.empty("wp:docPr", ["id": String(max(1, docPrID)), "name": XMLText.sanitized(name).text])
        x.empty("wp:cNvGraphicFramePr")
        x.open("a:graphic", ["xmlns:a": Namespace.a])
        x.open("a:graphicData", ["uri": Namespace.c])
        x.empty("c:chart", ["xmlns:c": Namespace.c, "xmlns:r": Namespace.r,
                            "r:id": XMLText.sanitized(relationshipID).text])
        x.close("a:graphicData")
        x.close("a:graphic")
        x.close("wp:inline")
        x.close("w:drawing")
        x.close("w:r")
        return x.string
    }
}
