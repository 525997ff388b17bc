import Foundation
import OOXML

/// Makes a LibreOffice PDF independent of what its LibreOffice converted before it.
///
/// LibreOffice embeds CJK OpenType fonts as Type 1 subsets and gives each a `/UniqueID` from a
/// counter that runs for the life of the process (4100001, 4100002, …): the third document a
/// process converts carries other numbers than the same document converted first. The number
/// is written twice, in the font's clear text and in its eexec-encrypted private part, whose
/// cipher feeds forward, so the rest of that part differs as well. Nothing else depends on the
/// process (checked byte by byte on examples/yanbian-2021: `package --pdf` against `project
/// --id --pdf`). So `project --id --pdf`, converting a few documents in a process of its own,
/// gave other PDF bytes than `package --pdf` of the same input.
///
/// Here each Type 1 font program is numbered by its place in the file, as a process converting
/// only this document numbers them (4100001 for the first), and every such font stream is
/// deflated again by zlib at its default level, so equal content gives equal bytes whichever
/// way LibreOffice compressed it; the cross-reference table is moved to match. A PDF this code
/// does not recognise is returned unchanged.
enum Type1FontNumbers {
    /// LibreOffice's first number (`vcl` font subsetter).
    static let firstID = 4_100_001
    /// Inflated font programs larger than this are left alone (the subsets are tens of KB).
    static let programLimit = 64 << 20

    static func renumber(_ pdf: [UInt8]) -> [UInt8] {
        guard let table = CrossReference(pdf) else { return pdf }
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        var next = firstID
        let starts = table.offsets.values.sorted()
        for (index, offset) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : pdf.count
            guard let stream = FontStream(pdf, objectAt: offset, before: end, table: table),
                  var program = ZlibStream.inflate(Array(pdf[stream.data]), limit: programLimit),
                  stream.clearLength + stream.encryptedLength <= program.count else { continue }
            let id = Array(String(next).utf8)
            let clear = 0 ..< stream.clearLength
            let encrypted = stream.clearLength ..< stream.clearLength + stream.encryptedLength
            guard setUniqueID(id, in: &program, range: clear) else { continue }
            next += 1
            var privatePart = eexec(Array(program[encrypted]), encrypt: false)
            _ = setUniqueID(id, in: &privatePart, range: privatePart.indices)
            program.replaceSubrange(encrypted, with: eexec(privatePart, encrypt: true))
            guard let deflated = ZlibStream.deflate(program) else { continue }
            replacements.append((stream.data, deflated))
            replacements.append((stream.lengthValue, Array(String(deflated.count).utf8)))
        }
        guard !replacements.isEmpty else { return pdf }
        replacements.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(pdf.count + 1024)
        var copied = 0
        var moves: [(end: Int, delta: Int)] = []
        for (range, bytes) in replacements {
            guard range.lowerBound >= copied else { return pdf }
            out += pdf[copied ..< range.lowerBound]
            out += bytes
            copied = range.upperBound
            moves.append((range.upperBound, bytes.count - range.count))
        }
        out += pdf[copied...]
        func moved(_ offset: Int) -> Int { offset + moves.filter { $0.end <= offset }.reduce(0) { $0 + $1.delta } }
        return table.rewritten(out, moved: moved) ?? pdf
    }

    /// Overwrites the digits of `/UniqueID <digits>` in `range` with `id` when they are as many.
    private static func setUniqueID(_ id: [UInt8], in bytes: inout [UInt8], range: Range<Int>) -> Bool {
        guard let at = PDFBytes.find(Array("/UniqueID ".utf8), in: bytes, from: range.lowerBound, before: range.upperBound) else { return false }
        let digits = PDFBytes.digits(in: bytes, from: at + 10)
        guard digits.count == id.count, digits.upperBound <= range.upperBound else { return false }
        bytes.replaceSubrange(digits, with: id)
        return true
    }

    /// Type 1 eexec encryption (Adobe Type 1 Font Format, §7.1): r = 55665, c1 = 52845, c2 = 22719.
    static func eexec(_ bytes: [UInt8], encrypt: Bool) -> [UInt8] {
        var r: UInt16 = 55665
        return bytes.map { byte in
            let out = byte ^ UInt8(r >> 8)
            let cipher = encrypt ? out : byte
            r = (UInt16(cipher) &+ r) &* 52845 &+ 22719
            return out
        }
    }
}

/// A `FontFile` stream (Type 1: `/Length1` clear bytes, `/Length2` encrypted bytes), FlateDecode.
private struct FontStream {
    var data: Range<Int>
    /// Where the stream's length is written (in its dictionary or in the object it refers to).
    var lengthValue: Range<Int>
    var clearLength: Int
    var encryptedLength: Int

    /// The object at `offset`, whose bytes end before `end` (the next object).
    init?(_ pdf: [UInt8], objectAt offset: Int, before end: Int, table: CrossReference) {
        guard let keyword = PDFBytes.find(Array("stream".utf8), in: pdf, from: offset, before: min(end, offset + 4096)) else { return nil }
        let dictionary = offset ..< keyword
        func number(after key: String) -> Range<Int>? {
            guard let at = PDFBytes.find(Array(key.utf8), in: pdf, from: dictionary.lowerBound, before: dictionary.upperBound) else { return nil }
            let digits = PDFBytes.digits(in: pdf, from: at + key.utf8.count)
            return digits.isEmpty ? nil : digits
        }
        guard PDFBytes.find(Array("/Filter/FlateDecode".utf8), in: pdf, from: dictionary.lowerBound, before: dictionary.upperBound) != nil,
              let clear = number(after: "/Length1 ").flatMap({ PDFBytes.integer(pdf[$0]) }),
              let encrypted = number(after: "/Length2 ").flatMap({ PDFBytes.integer(pdf[$0]) }),
              let length = number(after: "/Length ") else { return nil }
        // `/Length 6 0 R`: the length is the object 6's content.
        var lengthValue = length
        let reference = Array(" 0 R".utf8)
        if length.upperBound + reference.count <= dictionary.upperBound, Array(pdf[length.upperBound ..< length.upperBound + reference.count]) == reference {
            guard let object = PDFBytes.integer(pdf[length]), let at = table.offsets[object],
                  let header = PDFBytes.find(Array("obj".utf8), in: pdf, from: at, before: min(pdf.count, at + 64)) else { return nil }
            var start = header + 3
            while start < pdf.count, pdf[start] == 0x0A || pdf[start] == 0x0D || pdf[start] == 0x20 { start += 1 }
            lengthValue = PDFBytes.digits(in: pdf, from: start)
            guard !lengthValue.isEmpty else { return nil }
        }
        var start = keyword + 6
        if start < pdf.count, pdf[start] == 0x0D { start += 1 }
        guard start < pdf.count, pdf[start] == 0x0A, let count = PDFBytes.integer(pdf[lengthValue]) else { return nil }
        start += 1
        guard start + count <= end else { return nil }
        data = start ..< start + count
        self.lengthValue = lengthValue
        clearLength = clear
        encryptedLength = encrypted
    }
}

/// The classic cross-reference table LibreOffice writes (`xref`, one or more sections of
/// 20-byte entries, `startxref`).
private struct CrossReference {
    /// In-use objects: number → byte offset.
    var offsets: [Int: Int] = [:]
    /// Where each in-use entry's 10 offset digits are, by object number.
    var entries: [Int: Int] = [:]
    var startValue: Range<Int>

    init?(_ pdf: [UInt8]) {
        let marker = Array("startxref".utf8)
        guard let at = PDFBytes.findLast(marker, in: pdf) else { return nil }
        var position = at + marker.count
        while position < pdf.count, pdf[position] == 0x0A || pdf[position] == 0x0D { position += 1 }
        startValue = PDFBytes.digits(in: pdf, from: position)
        guard let start = PDFBytes.integer(pdf[startValue]), start + 5 < pdf.count,
              Array(pdf[start ..< start + 4]) == Array("xref".utf8) else { return nil }
        position = start + 4
        while true {
            while position < pdf.count, pdf[position] == 0x0A || pdf[position] == 0x0D || pdf[position] == 0x20 { position += 1 }
            let first = PDFBytes.digits(in: pdf, from: position)
            guard let firstNumber = PDFBytes.integer(pdf[first]) else { break }
            let count = PDFBytes.digits(in: pdf, from: first.upperBound + 1)
            guard let countNumber = PDFBytes.integer(pdf[count]) else { return nil }
            position = count.upperBound
            while position < pdf.count, pdf[position] == 0x0A || pdf[position] == 0x0D || pdf[position] == 0x20 { position += 1 }
            guard position + 20 * countNumber <= pdf.count else { return nil }
            for index in 0 ..< countNumber {
                let entry = position + 20 * index
                guard pdf[entry + 17] == UInt8(ascii: "n") else { continue }
                guard let offset = PDFBytes.integer(pdf[entry ..< entry + 10]) else { return nil }
                offsets[firstNumber + index] = offset
                entries[firstNumber + index] = entry
            }
            position += 20 * countNumber
        }
        guard !offsets.isEmpty else { return nil }
    }

    /// `pdf` (this table's file after replacements) with every offset passed through `moved`.
    func rewritten(_ pdf: [UInt8], moved: (Int) -> Int) -> [UInt8]? {
        var out = pdf
        for (object, entry) in entries {
            guard let offset = offsets[object] else { return nil }
            let digits = Array(String(format: "%010d", moved(offset)).utf8)
            guard digits.count == 10 else { return nil }
            out.replaceSubrange(moved(entry) ..< moved(entry) + 10, with: digits)
        }
        guard let start = PDFBytes.integer(pdf[moved(startValue.lowerBound) ..< moved(startValue.lowerBound) + startValue.count]) else { return nil }
        out.replaceSubrange(moved(startValue.lowerBound) ..< moved(startValue.lowerBound) + startValue.count, with: Array(String(moved(start)).utf8))
        return out
    }
}

/// Byte searches over a PDF.
enum PDFBytes {
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, end <= bytes.count, end - start >= needle.count else { return nil }
        var i = start
        while i <= end - needle.count {
            if bytes[i] == needle[0], bytes[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func findLast(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i ..< i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    /// The run of ASCII digits starting at `start` (empty when none).
    static func digits(in bytes: [UInt8], from start: Int) -> Range<Int> {
        var end = start
        while end < bytes.count, end - start < 18, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
        return start ..< max(start, end)
    }

    static func integer(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
