import OOXML

/// Content types and relationship types a DOCX needs for the parts `ChartBuilder` makes,
/// and the part names it expects them under.
public enum ChartPackaging {
    /// Override for `/word/charts/chartN.xml`.
    public static let chartContentType = ContentType.chart
    /// The embedded workbook; register as `<Default Extension="xlsx" …/>` or an Override.
    public static let workbookContentType = ContentType.xlsx
    /// From `word/document.xml` (or a header) to `charts/chartN.xml`.
    public static let chartRelationshipType = RelationshipType.chart
    /// From the chart part to its embedded workbook.
    public static let packageRelationshipType = RelationshipType.package
    /// The id `c:externalData` uses inside the chart part's own relationships.
    public static let workbookRelationshipID = "rId1"

    public static func chartPartName(index: Int) -> String { "word/charts/chart\(index).xml" }
    public static func chartRelsPartName(index: Int) -> String { "word/charts/_rels/chart\(index).xml.rels" }
    public static func workbookPartName(index: Int) -> String { "word/embeddings/" + workbookFileName(index: index) }
    public static func workbookFileName(index: Int) -> String { "Microsoft_Excel_Worksheet\(index).xlsx" }
    /// The target as written in `document.xml.rels` (relative to `word/`).
    public static func chartTarget(index: Int) -> String { "charts/chart\(index).xml" }
}
