#pragma once
// The IDX file format of the MNIST family (http://yann.lecun.com/exdb/mnist/): a 4-byte magic
// number — two zero bytes, a type code, the number of dimensions — then each dimension as a
// big-endian uint32, then the values in row-major order. The files are usually gzipped; the
// reader accepts both and never trusts the header: the claimed sizes are checked against a
// limit and against the bytes that actually arrive before anything large is allocated.
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

// The only IDX value type the engine reads: unsigned bytes (0x08), as in every MNIST file.
constexpr uint8_t idx_type_ubyte = 0x08;

struct IdxArray {
    std::vector<int64_t> dims;  // e.g. {60000, 28, 28} for images, {60000} for labels
    std::vector<uint8_t> values;
};

struct IdxLimits {
    // Largest payload accepted, in bytes (Fashion-MNIST's training images are 47 MB). Protects
    // against a hostile header or a "zip bomb" that would decompress to gigabytes.
    int64_t max_bytes = 256LL << 20;
    int64_t max_dims = 4;
};

// Reads an IDX file, gzipped or plain (detected from the first two bytes). Throws cs::Error
// naming the file for a missing, unreadable, truncated or corrupt file (bad gzip data, bad
// magic number, a value type other than unsigned byte, sizes that do not match the data).
IdxArray read_idx(const std::string& path, const IdxLimits& limits = {});

// Parses IDX bytes already in memory (decompressed); `name` is used in messages.
IdxArray parse_idx(const std::vector<uint8_t>& bytes, const std::string& name,
                   const IdxLimits& limits = {});

// Writes an unsigned-byte IDX file, gzipped when `gzip` is true (used by tests and tools).
void write_idx(const std::string& path, const IdxArray& array, bool gzip);

}  // namespace cs
