#pragma once
// Hostile input files for the "bad input everywhere" tests of the engine, the CLI and the GUI:
// images of extreme sizes and unusual formats, decompression bombs, lessons with fields of the
// wrong type, NaN weights, a 1,000-layer pipeline, a truncated weights file. Everything is made
// at test time in a temporary folder, except the two images OpenCV cannot write (a CMYK JPEG
// and an animated GIF), which are small committed fixtures (tests/fixtures/hostile/).
#include <cstdint>
#include <filesystem>
#include <string>

namespace cs::test::hostile {

// A fresh folder under the system's temporary folder, removed with the object.
class Folder {
  public:
    Folder();
    ~Folder();
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

// ---- Images ----
// A PNG whose header claims width × height but whose data is a single row: a decompression
// bomb as an attacker writes it (0 × 0 and 4,294,967,295² included).
std::string png_claiming(const Folder& dir, const std::string& name, uint32_t width,
                         uint32_t height);
// A genuinely valid 1-bit gray PNG of width × height black pixels, streamed through zlib: a few
// tens of kilobytes that decode to width × height bytes (20,000² is 400 megapixels).
std::string blank_png(const Folder& dir, const std::string& name, uint32_t width, uint32_t height);
// A TIFF header (little-endian) claiming width × height, without pixel data.
std::string tiff_claiming(const Folder& dir, const std::string& name, uint32_t width,
                          uint32_t height);
// An 8-bit gray PNG of width × height filled with `value`, written by OpenCV.
std::string gray_png(const Folder& dir, const std::string& name, int width, int height,
                     int value = 128);
// 2 × 3 16-bit gray TIFF: 0, 16384, 32768 / 49152, 65535, 1000.
std::string tiff16(const Folder& dir);
// 2 × 3 float TIFF: 0.25, NaN, +inf / -inf, -1, 2.5.
std::string tiff_float(const Folder& dir);
// The committed fixtures: 16 × 8 CMYK JPEG (left half red, right half blue), two-frame GIF.
std::string cmyk_jpeg();
std::string animated_gif();
// A valid PNG cut in half.
std::string truncated_png(const Folder& dir);

// ---- Lessons, cases, pipelines, weights ----
// A 5 × 5 conv2d lesson (3 × 3 kernel) whose JSON is changed by `patch`, a JSON merge patch
// applied to the document, e.g. R"({"params": {"stride": "two"}})".
std::string lesson(const Folder& dir, const std::string& name, const std::string& patch = "{}");
// A conv2d eval case (5 × 5 input, 3 × 3 kernel) changed by the merge patch `patch`.
std::string eval_case(const Folder& dir, const std::string& name, const std::string& patch = "{}");
// A pipeline of `layers` relu layers on a 16 × 16 input.
std::string long_pipeline(const Folder& dir, size_t layers);
// The shipped LeNet weights with one weight set to NaN (valid checksum), or truncated.
std::string weights_with_nan(const Folder& dir);
std::string truncated_weights(const Folder& dir);

}  // namespace cs::test::hostile
