// Fuzz target: the .csw weights reader (engine/train/weights_file.hpp). The last four bytes
// of every input are replaced by the right CRC-32, as a fuzzer would almost never guess it and
// would never get past the checksum; the checksum test itself is in test_weights_file.cpp.
#include <zlib.h>

#include "engine/train/weights_file.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {

void fuzz_weights(Input input) {
    std::vector<uint8_t> bytes = bytes_of(input);
    if (bytes.size() >= 4) {
        const size_t end = bytes.size() - 4;
        const auto crc = static_cast<uint32_t>(crc32(0, bytes.data(), static_cast<uInt>(end)));
        for (size_t i = 0; i < 4; ++i) {
            bytes[end + i] = static_cast<uint8_t>(crc >> (8 * i));
        }
    }
    const WeightsFile weights = parse_weights(bytes, "fuzz input");
    // Saving again (training resumes and saves) must work for whatever was accepted.
    serialize_weights(weights);
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_weights)
