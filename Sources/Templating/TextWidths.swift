/// How wide LibreOffice prints a run of text: the one width model by which both a body
/// paragraph's lines (`ProseLines`) and a form cell's lines (`CellLines`) are estimated.
/// A full-width character takes one em; an ASCII character its advance in Times New Roman (the
/// templates' Latin face; Liberation Serif, which LibreOffice prints in its place, has the same
/// advances), any other half-width one half an em; and where a Han character meets a digit or a
/// Latin letter LibreOffice puts a fifth of an em between them (measured in the examples' PDFs:
/// 3.2 pt in 16 pt body text, 2.1 pt in 10.5 pt table text, on every unjustified line of the
/// four examples; officer review 15). The estimate earlier took a quarter em for table text and
/// 0.2–0.3 em for prose, and so was unsure of every paragraph with a figure in it.
enum TextWidths {
    /// Per mille of an em that LibreOffice puts between Han text and a digit or Latin letter.
    static let autospace = 200
    /// One full-width character of table text (10.5 pt), in twips: the forms' 表格正文.
    static let tableEm = 210

    /// The printed width of `line[piece]` at `em` twips a full-width character, its half-width
    /// characters other than digits `halfWidth` per mille of their Times advance (1000: as the
    /// font has them; a digit is half an em in every face the documents may print in: Times New
    /// Roman, Liberation Serif, the CJK faces' own digits), with the space where the piece meets
    /// the character before it when `joined` (on the same line).
    static func width(_ piece: Range<Int>, _ line: [Unicode.Scalar], em: Int, halfWidth: Int = 1000, joined: Bool) -> Int {
        var w = 0
        for i in piece {
            w += width(of: line[i], after: i > 0 && (i > piece.lowerBound || joined) ? line[i - 1] : nil, em: em, halfWidth: halfWidth)
        }
        return w
    }

    /// The printed width of one character at `em` twips a full-width character, with the space
    /// where it meets `previous` (nil: it starts its line or piece). The one step every measure
    /// of the documents' text takes: prose and cell lines here, the label breaks (`LabelLines`),
    /// the refitted form columns (`ColumnFit`) and the row height estimate (`RowHeight`).
    @inline(__always)
    static func width(of scalar: Unicode.Scalar, after previous: Unicode.Scalar?, em: Int, halfWidth: Int = 1000) -> Int {
        let digit = (0x30...0x39).contains(scalar.value)
        var w = isFull(scalar) ? em : advance(scalar) * em * (digit ? 1000 : halfWidth) / 1_000_000
        if let previous, isHan(previous) != isHan(scalar), isAlphanumeric(previous) || isAlphanumeric(scalar) {
            w += em * autospace / 1000
        }
        return w
    }

    /// The printed width of a whole line of table text (10.5 pt).
    static func tableWidth(_ line: some Collection<Unicode.Scalar>) -> Int {
        var w = 0
        var previous: Unicode.Scalar? = nil
        for scalar in line {
            w += width(of: scalar, after: previous, em: tableEm)
            previous = scalar
        }
        return w
    }

    /// A half-width character's advance in per mille of an em: Times New Roman's for ASCII, ≤ and
    /// ≥ (the 指标值 forms' “≥90%”), half an em for the rest.
    static func advance(_ scalar: Unicode.Scalar) -> Int {
        let v = Int(scalar.value)
        if v >= 0x20, v < 0x7F { return times[v - 0x20] }
        return v == 0x2264 || v == 0x2265 ? 549 : 500
    }

    /// Printed one em wide: CJK characters and full-width forms. Mathematical operators (≥, ≤,
    /// ÷) are set in the Latin face beside digits.
    static func isFull(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v >= 0x1100 && !(0xFF61...0xFFDC).contains(v) && !(0x2200...0x22FF).contains(v)
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x3400...0x9FFF).contains(scalar.value) }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        // Plain comparisons: Unicode property lookups cost more than the rest of the measure.
        let v = scalar.value | 0x20
        return (0x30...0x39).contains(scalar.value) || (0x61...0x7A).contains(v)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x20 || scalar.value == 0x09 || scalar.value == 0x3000 || scalar.value == 0xA0
    }

    /// Advances of U+0020…U+007E in Times New Roman (Liberation Serif has the same), per mille.
    static let times: [Int] = [
        250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,  // space ! " # $ % & ' ( ) * + , - . /
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,  // 0–9 : ; < = > ?
        921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,  // @ A–O
        556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,  // P–Z [ \ ] ^ _
        333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,  // ` a–o
        500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,       // p–z { | } ~
    ]
}
