/// Zips the workbook parts. Until OOXML's `ZipWriter` reaches main this writes a plain
/// stored (uncompressed) archive with fixed 1980-01-01 times; replace the body with
/// `ZipWriter.bytes(parts.map { ($0.name, .bytes($0.bytes)) })` once it is merged.
func zip(_ parts: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func le16(_ v: Int, _ buffer: inout [UInt8]) { buffer += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: UInt32, _ buffer: inout [UInt8]) {
        buffer += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }
    let dosDate = (0 << 9) | (1 << 5) | 1
    for part in parts {
        let name = Array(part.name.utf8)
        guard part.bytes.count < Int(UInt32.max), out.count < Int(UInt32.max) else {
            throw ChartError([.init(code: .workbook, path: "", message: "工作簿过大")])
        }
        let crc = CRC32.checksum(part.bytes)
        let offset = UInt32(out.count)
        var header: [UInt8] = []
        le32(0x0403_4B50, &header); le16(20, &header); le16(0x0800, &header); le16(0, &header)
        le16(0, &header); le16(dosDate, &header)
        le32(crc, &header); le32(UInt32(part.bytes.count), &header); le32(UInt32(part.bytes.count), &header)
        le16(name.count, &header); le16(0, &header)
        out += header + name + part.bytes
        le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0x0800, &central); le16(0, &central)
        le16(0, &central); le16(dosDate, &central)
        le32(crc, &central); le32(UInt32(part.bytes.count), &central); le32(UInt32(part.bytes.count), &central)
        le16(name.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
        le32(0, &central); le32(offset, &central)
        central += name
    }
    let centralOffset = UInt32(out.count)
    out += central
    le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(parts.count, &out); le16(parts.count, &out)
    le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
    return out
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
