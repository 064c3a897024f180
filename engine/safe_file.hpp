#pragma once
// Writing a file without ever losing its previous content.
//
// A save goes to a temporary file beside the target; only when every byte has been written,
// flushed to the disk (fsync) and the file's size checked is it renamed over the target. A
// full disk, a quota or a file-size limit therefore leaves the old file exactly as it was and
// throws a cs::Error that says why; the temporary file is removed.
#include <cstdint>
#include <string>
#include <string_view>

namespace cs {

// Replaces `path` with `bytes` (see above). `what` names the document in the message, e.g.
// "the lesson".
void write_file_atomically(const std::string& path, std::string_view bytes,
                           const std::string& what = "the file");

// The same in steps, for content written in pieces or by a writer that needs a path of its
// own (OpenCV's image and video writers). The temporary file (same folder, same extension as
// the target, so that such writers pick the right format) is removed unless commit() succeeds.
class ReplacementFile {
  public:
    ReplacementFile(std::string path, std::string what = "the file");
    ~ReplacementFile();
    ReplacementFile(const ReplacementFile&) = delete;
    ReplacementFile& operator=(const ReplacementFile&) = delete;

    const std::string& temporary_path() const { return temporary_; }
    // Appends `bytes` to the temporary file.
    void write(std::string_view bytes);
    // Flushes the temporary file to the disk, checks that it holds everything written (or, when
    // another writer filled it, that it is not empty) and renames it over the target.
    void commit();

  private:
    [[noreturn]] void fail(const std::string& why);

    std::string path_;
    std::string what_;
    std::string temporary_;
    int fd_ = -1;
    uint64_t written_ = 0;
    bool wrote_ = false;  // written through write(), not by another writer
    bool committed_ = false;
};

// Writes cannot go past RLIMIT_FSIZE without killing the process (SIGXFSZ) unless the signal
// is ignored; then they fail with EFBIG like a full disk. Both programs call this at start.
void ignore_file_size_signal();

}  // namespace cs
