// Fuzz target: the IDX reader (engine/data/idx.hpp), on the bytes as they are and, for gzip
// input, through the file reader that decompresses with a limit.
#include "engine/data/idx.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

#include <fstream>

namespace cs::fuzz {

void fuzz_idx(Input input) {
    // A small limit, so that a "zip bomb" is refused quickly.
    const IdxLimits limits{.max_bytes = 1 << 20, .max_dims = 4};
    if (input.size() >= 2 && input[0] == 0x1f && input[1] == 0x8b) {
        const std::string path = scratch_dir() + "/input.idx.gz";
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(input.data()),
                   static_cast<std::streamsize>(input.size()));
        read_idx(path, limits);
        return;
    }
    parse_idx(bytes_of(input), "fuzz input", limits);
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_idx)
