#pragma once
// Hostile input files for the "bad input everywhere" tests of the engine, the CLI and the GUI:
// images of extreme sizes and unusual formats, decompression bombs, lessons with fields of the
// wrong type, NaN weights, a 1,000-layer pipeline, a truncated weights file. Everything is made
// at test time in a temporary folder, except the two images OpenCV cannot write (a CMYK JPEG
// and an animated GIF), which are small committed fixtures (tests/fixtures/hostile/).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace cs::test::hostile {

// A full disk as this process sees it: writes to files past `bytes` fail (EFBIG, which the
// savers report like ENOSPC) for as long as the object lives. SIGXFSZ is ignored from then on.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(uint64_t bytes);
    ~FileSizeLimit();
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  private:
    uint64_t old_soft_ = 0;
};

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
// A TIFF header (little-endian) claiming width × height, without pixel data. `type` is the TIFF
// type of the two size tags: 4 LONG, 3 SHORT, 9 SLONG, 8 SSHORT (the value is stored as that
// type, so 40000 as SSHORT is negative).
std::string tiff_claiming(const Folder& dir, const std::string& name, uint32_t width,
                          uint32_t height, uint16_t type = 4);
// A TIFF header claiming width × height RGB pixels of 32-bit floats (12 bytes each).
std::string float_rgb_tiff_claiming(const Folder& dir, const std::string& name, uint32_t width,
                                    uint32_t height);
// The same as a BigTIFF, sizes stored as LONG8 (type 16).
std::string bigtiff_claiming(const Folder& dir, const std::string& name, uint64_t width,
                             uint64_t height);
// A TIFF of two pages: 16 × 16, then one claiming width × height.
std::string tiff_second_page_claiming(const Folder& dir, const std::string& name, uint32_t width,
                                      uint32_t height);
// A gray 16 × 16 baseline JPEG whose frame says width × height, behind an RST0 marker followed
// by two bytes that a header walker taking RST0 for a segment with a length reads as one:
// that walker jumps into a comment holding a fake 16 × 16 frame, while libjpeg skips the two
// bytes and decodes the real one.
std::string jpeg_hiding_frame(const Folder& dir, const std::string& name, uint16_t width,
                              uint16_t height);
// A 64 × 64 colour JPEG cut at half its length, then given an end-of-image marker (FF D9).
std::string jpeg_cut_with_eoi(const Folder& dir);
// A progressive JPEG cut after its first scan, then given an EOI: every scan present is whole.
std::string progressive_jpeg_cut_after_first_scan(const Folder& dir);
// A valid 4 × 3 PGM whose header comment is `comment_bytes` long.
std::string pgm_with_comment(const Folder& dir, size_t comment_bytes);
// A valid width × height 16-bit RGBA PNG (all transparent black), streamed through zlib:
// 10,000² is 100 megapixels in under 1 MB that decode to 800 MB.
std::string rgba16_png(const Folder& dir, const std::string& name, uint32_t width, uint32_t height);
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

// ---- Special files and paths ----
// A FIFO (named pipe) in `dir`: opening it for reading blocks until a writer comes.
std::string fifo(const Folder& dir, const std::string& name);
// A sparse file of `bytes` bytes (no disk space used) starting with `head`.
std::string sparse_file(const Folder& dir, const std::string& name, int64_t bytes,
                        const std::string& head = "");
// JSON text nested `levels` deep inside an object: {"a": [[[...]]]}.
std::string nested_json(size_t levels);
std::string nested_json_file(const Folder& dir, const std::string& name, size_t levels);

// What `call` did, run in a child process (fork) that is killed after `seconds` and may not
// grow its address space by more than `max_growth` bytes: a reader that hangs on a FIFO or
// reads /dev/zero forever fails the test instead of hanging or exhausting the machine.
struct Bounded {
    bool finished = false;  // returned or threw, within the time and memory
    bool threw = false;     // threw an exception (any)
    std::string message;    // its what()
};
Bounded run_bounded(const std::function<void()>& call, int seconds = 20,
                    int64_t max_growth = int64_t{2} << 30);

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
// A weights file with a valid signature, version and checksum whose JSON header is nested
// `levels` deep.
std::string weights_with_nested_header(const Folder& dir, size_t levels);

}  // namespace cs::test::hostile
