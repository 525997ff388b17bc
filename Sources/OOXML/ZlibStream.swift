import CLibZip

/// Whole zlib streams (RFC 1950: header, deflate data, Adler-32), the form of a PDF's
/// `FlateDecode` stream. For the few small streams reportgen rewrites in LibreOffice's PDFs
/// (`Type1FontNumbers`); zip entries go through libzip and `DeflatedSegment`.
public enum ZlibStream {
    /// `bytes` inflated; nil when they are not one whole zlib stream or inflate to more than `limit`.
    public static func inflate(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard reportgen_inflate_init_zlib(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return bytes.withUnsafeBufferPointer { input -> [UInt8]? in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let (status, produced): (Int32, Int) = chunk.withUnsafeMutableBufferPointer { output in
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    let status = zlib_inflate(&stream, Z_NO_FLUSH)
                    return (status, output.count - Int(stream.avail_out))
                }
                result += chunk[..<produced]
                if result.count > limit { return nil }
                if status == Z_STREAM_END { return stream.avail_in == 0 ? result : nil }
                // Z_BUF_ERROR with input left means no progress: the stream is cut short.
                guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
            }
        }
    }

    /// `bytes` deflated at `level` (zlib's default, 6, is what LibreOffice's PDFs use).
    public static func deflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard reportgen_deflate_init_zlib(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let (status, out, _) = bytes.withUnsafeBufferPointer { ZlibStream.deflateInOneCall(&stream, $0, flush: Z_FINISH) }
        guard status == Z_STREAM_END else { return nil }
        return out
    }
}

extension ZlibStream {
    /// All of `bytes` given to `stream` (set up for deflate) in one call ending with `flush`,
    /// into room for deflateBound plus a sync flush's empty stored block (5 bytes): zlib's
    /// status, the bytes made, and whether it took all the input with room to spare.
    static func deflateInOneCall(_ stream: inout z_stream, _ bytes: UnsafeBufferPointer<UInt8>, flush: Int32) -> (status: Int32, output: [UInt8], complete: Bool) {
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 16)
        let (status, produced): (Int32, Int) = out.withUnsafeMutableBufferPointer { output in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
            stream.avail_in = uInt(bytes.count)
            stream.next_out = output.baseAddress
            stream.avail_out = uInt(output.count)
            let status = zlib_deflate(&stream, flush)
            return (status, output.count - Int(stream.avail_out))
        }
        return (status, Array(out[..<produced]), stream.avail_in == 0 && stream.avail_out > 0)
    }
}

// The module's own names `inflate`/`deflate` above shadow zlib's inside the enum.
private func zlib_inflate(_ stream: inout z_stream, _ flush: Int32) -> Int32 { CLibZip.inflate(&stream, flush) }
private func zlib_deflate(_ stream: inout z_stream, _ flush: Int32) -> Int32 { CLibZip.deflate(&stream, flush) }
