#pragma once
// Reading a file that someone else may have made: the single door through which every reader
// of ConvScope (images, lessons, pipelines, case files, weights, IDX data) gets its bytes.
//
// A path can name something that is not a file at all: /dev/zero never ends, /dev/urandom
// never ends either, a FIFO blocks the reader until someone writes to it, a folder reads as
// nothing. So the file is opened without blocking (O_NONBLOCK: opening a FIFO returns at once),
// its kind and size are read from the open descriptor (fstat, so nothing can be swapped in
// between), and only a regular file of at most `max_bytes` bytes is read. The size limit comes
// before the first byte: a 2 GiB file is refused without reading it.
//
// JSON documents are limited in depth before they are parsed: nlohmann's parser and the
// destructor of the tree it builds recurse once per level, and a file of 100,000 '[' overflows
// the stack. ConvScope's own files are at most a handful of levels deep.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cs {

// The largest lesson, case or training-lesson file read (they hold tensors as JSON text).
inline constexpr int64_t max_json_file_bytes = int64_t{256} << 20;
// The deepest nesting of arrays and objects accepted in any JSON file.
inline constexpr int max_json_depth = 64;

// The whole content of the regular file `path`. `what` names it in messages ("the image",
// "the lesson"). Throws cs::Error, before reading any content, when the path
//   does not exist                   "the image "x.png" does not exist"
//   cannot be opened                 "cannot read the image "x.png": permission denied"
//   is a folder                      "the image "x" is a folder, not a file"
//   is a device, a FIFO or a socket  "the image "/dev/zero" is not a regular file (a device,
//                                     a pipe or a socket)"
//   is larger than max_bytes         "the image "x.png" is larger than 1024 MB (2048 MB)"
//   is empty                         "the image "x.png" is empty (0 bytes)"
std::vector<uint8_t> read_regular_file(const std::string& path, int64_t max_bytes,
                                       const std::string& what);
// The same as text (JSON documents).
std::string read_regular_text(const std::string& path, int64_t max_bytes, const std::string& what);
// The first `count` bytes (fewer if the file is shorter), with the same checks except the size
// limit: enough to tell a weights file from a lesson by its signature.
std::vector<uint8_t> read_file_start(const std::string& path, size_t count,
                                     const std::string& what);
// The same checks, then an open descriptor of the file in blocking mode, for a reader that
// streams (zlib's gzdopen). The caller closes it.
int open_regular_file(const std::string& path, int64_t max_bytes, const std::string& what);

// The deepest nesting of arrays and objects in JSON text: a single pass that skips strings
// (and the escapes inside them), without parsing. "[]" is 1, "{\"a\": [1]}" is 2.
int json_nesting_depth(std::string_view text);
// nlohmann::json::parse(text) after checking the nesting: deeper than max_json_depth throws
// cs::Error "<name> is nested N levels deep; ConvScope files are at most 64". Malformed JSON
// still throws nlohmann's parse_error, so that callers keep their own messages for it.
nlohmann::json parse_json_limited(std::string_view text, const std::string& name);

}  // namespace cs
