#pragma once
// What an image file's header says, read without decoding: the format, the size, and how much
// memory the decoder will need. image_io refuses an image from these facts before OpenCV
// allocates anything, so each reader here reads the size the way the decoder behind OpenCV
// will (libpng, libjpeg, libtiff, libwebp, OpenCV's own BMP and PNM readers): a header that
// can be read two ways, or not at all, is refused ("cannot read the size of ...") rather than
// left to the decoder. OpenCV's own pixel limit cannot stand in: it is read from the
// environment when OpenCV is loaded, before main(), and is 2^30 pixels by default.
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

struct ImageHeader {
    std::string format;  // "PNG", "JPEG", "BMP", "TIFF", "WebP", "PNM", "GIF"
    int64_t width = 0;   // as the decoder will read them; may be ≤ 0 or huge (checked later)
    int64_t height = 0;
    int channels = 0;      // at most this many channels in the decoded image
    int sample_bytes = 1;  // bytes per decoded sample: 1, 2, 4 or 8
    // Bytes the decoder holds beside its output while it decodes (a progressive JPEG's
    // coefficients, a TIFF strip, a rotated copy), estimated from above.
    int64_t decoder_extra_bytes = 0;
    // JPEG only: the frame is progressive, or coded in several scans, and every coefficient of
    // every component is sent by some scan (false: the file ends before its last scan).
    bool jpeg_scans_complete = true;
};

// width × height, saturating at 2^40 (and 0 for a side ≤ 0), so that no product overflows.
int64_t saturated_pixels(int64_t width, int64_t height);

// Reads the header of an image in a format ConvScope opens (PNG, JPEG, BMP, TIFF, WebP,
// PGM/PPM/PBM/PAM; GIF is recognised so that it can be refused by name). Throws cs::Error
// naming `name`: "is not an image ConvScope can read" for any other content, "cannot read the
// size of" for a header of a known format that cannot be read as its decoder would.
ImageHeader read_image_header(const std::vector<uint8_t>& bytes, const std::string& name);

}  // namespace cs
