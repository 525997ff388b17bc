import ReportKit

/// Makes LibreOffice's PDF depend on its input only.
///
/// The Type 1 fonts' `/UniqueID`s are numbered as if the document were the first its process
/// converted (`Type1FontNumbers`). LibreOffice stamps each PDF with the time of conversion (`/CreationDate`) and derives the
/// trailer's `/ID` and `/DocChecksum` from it, and it ignores SOURCE_DATE_EPOCH. Every other
/// byte depends on the document alone. Those three values are overwritten in place with
/// values of the same length (so no offset of the cross-reference table moves): a fixed date
/// and a digest of the rest of the file.
enum ReproduciblePDF {
    /// `date` is `YYYYMMDDHHMMSS`.
    static func normalize(_ pdf: [UInt8], date: String) -> [UInt8] {
        var bytes = Type1FontNumbers.renumber(pdf)
        if let value = valueRange(in: bytes, after: "/CreationDate(D:", length: 14),
           bytes[value].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            bytes.replaceSubrange(value, with: Array(date.utf8.prefix(14)))
        }
        let trailer = lastIndex(of: "trailer", in: bytes) ?? 0
        var hexRanges: [Range<Int>] = []
        if let first = valueRange(in: bytes, after: "/ID [ <", length: 32, from: trailer) {
            hexRanges.append(first)
            if let second = valueRange(in: bytes, after: "<", length: 32, from: first.upperBound), second.lowerBound - first.upperBound <= 4 {
                hexRanges.append(second)
            }
        }
        if let checksum = valueRange(in: bytes, after: "/DocChecksum /", length: 32, from: trailer) { hexRanges.append(checksum) }
        hexRanges = hexRanges.filter { bytes[$0].allSatisfy(isHexDigit) }
        guard !hexRanges.isEmpty else { return bytes }
        for range in hexRanges { bytes.replaceSubrange(range, with: Array(repeating: UInt8(ascii: "0"), count: 32)) }
        let digest = Array(Manifest.sha256(bytes).uppercased().utf8.prefix(32))
        for range in hexRanges { bytes.replaceSubrange(range, with: digest) }
        return bytes
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// The `length` bytes right after the first `marker` at or after `start`.
    private static func valueRange(in bytes: [UInt8], after marker: String, length: Int, from start: Int = 0) -> Range<Int>? {
        let needle = Array(marker.utf8)
        guard let at = firstIndex(of: needle, in: bytes, from: start) else { return nil }
        let value = at + needle.count ..< at + needle.count + length
        return value.upperBound <= bytes.count ? value : nil
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func lastIndex(of marker: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(marker.utf8)
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i ..< i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
