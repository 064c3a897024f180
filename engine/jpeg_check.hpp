#pragma once
// A JPEG's compressed data checked with libjpeg itself before OpenCV decodes it.
//
// libjpeg decodes a cut-off file without an error: where the data stops it fills the rest of
// the image with grey and only warns ("Premature end of JPEG file" when the bytes run out,
// "Corrupt JPEG data: premature end of data segment" when a marker such as an EOI comes before
// the scan's data is complete). Looking for an EOI at the end of the file cannot tell a whole
// file from one that was cut and then given an EOI; libjpeg's warnings can. OpenCV prints them
// and goes on, so this runs libjpeg once more, on the same bytes, with an error manager that
// counts them: every scan is entropy-decoded, the image is produced at 1/8 scale (the cheap
// part of a decode, a few milliseconds per megapixel).
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

struct JpegDataCheck {
    bool readable = true;       // false: libjpeg stopped with an error (`error` says which)
    bool size_differs = false;  // libjpeg reads another frame size than `width` × `height`
    bool truncated = false;     // a scan's data ends early, or the file ends before its EOI
    std::string error;
};

// Reads the header; if libjpeg sees a frame of `width` × `height` (the size already checked
// against the limits), decodes every scan and reports truncation.
JpegDataCheck check_jpeg_data(const std::vector<uint8_t>& bytes, int64_t width, int64_t height);

}  // namespace cs
