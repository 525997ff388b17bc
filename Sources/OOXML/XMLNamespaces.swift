/// Namespace URIs of the parts reportgen reads and writes.
public enum Namespace {
    /// SpreadsheetML (workbook, worksheets, shared strings, styles).
    public static let s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    /// SpreadsheetML of ISO/IEC 29500 Strict (Excel's “Strict Open XML” workbooks).
    public static let sStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    public static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    /// WordprocessingML of ISO/IEC 29500 Strict (Word's “Strict Open XML 文档” saves).
    public static let wStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    public static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    public static let mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    public static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    public static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    public static let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    public static let c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    /// Word 2016's newer charts (chartex).
    public static let cx = "http://schemas.microsoft.com/office/drawing/2014/chartex"
    /// SmartArt (DrawingML diagrams).
    public static let dgm = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
    /// Office Math (equations, 插入 → 公式).
    public static let m = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    public static let wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    public static let v = "urn:schemas-microsoft-com:vml"
    public static let w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    public static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    public static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    public static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Prefixes registered for XPath queries.
    public static let xpathPrefixes: [(prefix: String, uri: String)] = [
        ("w", w), ("r", r), ("mc", mc), ("wp", wp), ("a", a), ("pic", pic), ("c", c),
        ("wps", wps), ("v", v), ("w14", w14), ("ct", contentTypes), ("rel", packageRelationships),
    ]
}
