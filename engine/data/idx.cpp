#include "engine/data/idx.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs {
namespace {

// gzopen/gzread read plain files as well ("transparent" mode), so one path serves both.
struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

std::string mib(int64_t bytes) {
    return std::to_string(bytes / (1 << 20)) + " MiB";
}

// The whole (decompressed) file, read in chunks so that memory grows only with the bytes that
// really arrive, never with what a header claims. Only a regular file is opened (not a FIFO or
// /dev/zero), and only one no larger than the largest payload plus gzip's own overhead.
std::vector<uint8_t> read_decompressed(const std::string& path, int64_t max_bytes) {
    const int fd = open_regular_file(path, max_bytes + max_bytes / 64 + 4096, "the IDX file");
    GzFile file(gzdopen(fd, "rb"));
    if (file == nullptr) {
        ::close(fd);
        throw Error("cannot open IDX file " + path);
    }
    std::vector<uint8_t> bytes;
    constexpr int64_t chunk = 1 << 20;
    while (true) {
        const size_t old_size = bytes.size();
        bytes.resize(old_size + chunk);
        const int n = gzread(file.get(), bytes.data() + old_size, static_cast<unsigned>(chunk));
        if (n < 0) {
            int code = Z_OK;
            const char* message = gzerror(file.get(), &code);
            throw Error("IDX file " + path + " is corrupt (" + message +
                        "); download or reinstall it");
        }
        bytes.resize(old_size + static_cast<size_t>(n));
        if (n == 0) {
            break;
        }
        require(static_cast<int64_t>(bytes.size()) <= max_bytes,
                "IDX file " + path + " is larger than the limit of " + mib(max_bytes) +
                    " after decompression; it is not an MNIST-style data file");
    }
    int code = Z_OK;
    gzerror(file.get(), &code);
    // Z_BUF_ERROR at the end: the compressed stream stopped in the middle.
    require(code == Z_OK,
            "IDX file " + path + " is truncated: the gzip data ends before the end of the stream");
    return bytes;
}

uint32_t big_endian_u32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

void put_big_endian_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<uint8_t>(v >> shift));
    }
}

}  // namespace

IdxArray parse_idx(const std::vector<uint8_t>& bytes, const std::string& name,
                   const IdxLimits& limits) {
    const std::string where = "IDX file " + name;
    require(bytes.size() >= 4, where + " is truncated: it has " + std::to_string(bytes.size()) +
                                   " bytes, fewer than the 4-byte magic number");
    // Magic number: 0x00 0x00 <type> <number of dimensions>.
    require(bytes[0] == 0 && bytes[1] == 0,
            where +
                " has a bad magic number (it must start with two zero bytes); it is not an "
                "IDX file");
    require(bytes[2] == idx_type_ubyte, where + " holds values of type code " +
                                            std::to_string(bytes[2]) +
                                            "; only unsigned bytes (8) are supported");
    const int64_t rank = bytes[3];
    require(rank >= 1 && rank <= limits.max_dims, where + " claims " + std::to_string(rank) +
                                                      " dimensions; expected 1 to " +
                                                      std::to_string(limits.max_dims));
    const int64_t header = 4 + 4 * rank;
    require(static_cast<int64_t>(bytes.size()) >= header,
            where + " is truncated inside its header of " + std::to_string(header) + " bytes");

    IdxArray array;
    int64_t count = 1;
    std::string dims_text;
    for (int64_t d = 0; d < rank; ++d) {
        const int64_t extent = big_endian_u32(bytes.data() + 4 + 4 * d);
        array.dims.push_back(extent);
        dims_text += (d ? " × " : "") + std::to_string(extent);
        // Each extent is below 2^32 and the running product stays below max_bytes, so this
        // multiplication cannot overflow.
        count *= extent;
        require(count <= limits.max_bytes, where + " claims " + dims_text +
                                               "… values, more than the limit of " +
                                               mib(limits.max_bytes) + "; the header is corrupt");
    }
    const int64_t available = static_cast<int64_t>(bytes.size()) - header;
    require(available >= count, where + " is truncated: its header promises " + dims_text + " = " +
                                    std::to_string(count) + " values, but only " +
                                    std::to_string(available) + " bytes follow");
    require(available == count, where + " has " + std::to_string(available - count) +
                                    " unexpected bytes after the " + std::to_string(count) +
                                    " values its header promises (" + dims_text + ")");
    array.values.assign(bytes.begin() + header, bytes.end());
    return array;
}

IdxArray read_idx(const std::string& path, const IdxLimits& limits) {
    const int64_t max_header = 4 + 4 * limits.max_dims;
    return parse_idx(read_decompressed(path, limits.max_bytes + max_header), path, limits);
}

void write_idx(const std::string& path, const IdxArray& array, bool gzip) {
    int64_t count = 1;
    for (int64_t extent : array.dims) {
        require(extent >= 0 && extent <= 0xFFFFFFFFLL,
                "IDX dimension " + std::to_string(extent) + " does not fit in 32 bits");
        count *= extent;
    }
    require(!array.dims.empty() && array.dims.size() <= 255,
            "an IDX file needs 1 to 255 dimensions");
    require(count == static_cast<int64_t>(array.values.size()),
            "IDX dims promise " + std::to_string(count) + " values, but " +
                std::to_string(array.values.size()) + " were given");
    std::vector<uint8_t> bytes = {0, 0, idx_type_ubyte, static_cast<uint8_t>(array.dims.size())};
    for (int64_t extent : array.dims) {
        put_big_endian_u32(bytes, static_cast<uint32_t>(extent));
    }
    bytes.insert(bytes.end(), array.values.begin(), array.values.end());
    // "T" asks zlib for a plain (transparent) write.
    GzFile file(gzopen(path.c_str(), gzip ? "wb9" : "wbT"));
    require(file != nullptr, "cannot create IDX file " + path);
    size_t written = 0;
    while (written < bytes.size()) {
        const unsigned part =
            static_cast<unsigned>(std::min<size_t>(bytes.size() - written, 1 << 20));
        const int n = gzwrite(file.get(), bytes.data() + written, part);
        require(n > 0, "cannot write IDX file " + path);
        written += static_cast<size_t>(n);
    }
    require(gzclose(file.release()) == Z_OK, "cannot finish writing IDX file " + path);
}

}  // namespace cs
