// Fuzz target: the image decoder (engine/image_io.hpp) behind every image the app opens,
// with the load options chosen by the input's length, so that corpus files stay plain images.
#include "engine/image_io.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {

void fuzz_image(Input input) {
    LoadOptions options;
    options.grayscale = input.size() % 2 == 1;
    options.max_side = input.size() % 4 >= 2 ? 16 : 0;
    decode_image(bytes_of(input), "fuzz input", options);
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_image)
