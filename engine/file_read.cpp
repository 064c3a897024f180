#include "engine/file_read.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/error.hpp"

namespace cs {
namespace {

// 2 GiB, 64 MiB, 1.5 MiB, 700 bytes.
std::string size_text(int64_t bytes) {
    constexpr int64_t mib = int64_t{1} << 20;
    constexpr int64_t gib = int64_t{1} << 30;
    char text[64];
    if (bytes >= gib && bytes % gib == 0) {
        std::snprintf(text, sizeof text, "%lld GiB", static_cast<long long>(bytes / gib));
    } else if (bytes >= mib && bytes % mib == 0) {
        std::snprintf(text, sizeof text, "%lld MiB", static_cast<long long>(bytes / mib));
    } else if (bytes >= mib) {
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / mib);
    } else {
        std::snprintf(text, sizeof text, "%lld bytes", static_cast<long long>(bytes));
    }
    return text;
}

// Closes the descriptor unless released.
class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Descriptor(Descriptor&& other) noexcept : fd_(other.release()) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    Descriptor& operator=(Descriptor&&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

// Opens `path` for reading and checks, on the open descriptor, that it is a regular file of at
// most `max_bytes` (a negative limit: no limit) and not empty. Returns the descriptor, back in
// blocking mode, and the file's size.
Descriptor open_checked(const std::string& path, int64_t max_bytes, const std::string& what,
                        int64_t& size) {
    const std::string name = what + " \"" + path + "\"";
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    // O_NOCTTY: a terminal device must not become our controlling terminal.
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) {
        const int error = errno;
        switch (error) {
            case ENOENT:
                throw Error(name + " does not exist");
            case ENOTDIR:
                throw Error(name + " does not exist: a part of the path is not a folder");
            case EACCES:
            case EPERM:
                throw Error("cannot read " + name + ": permission denied");
            case ENXIO:  // a socket, or a device without a driver
                throw Error(name + " is not a regular file (a device, a pipe or a socket)");
            case EISDIR:
                throw Error(name + " is a folder, not a file");
            default:
                throw Error("cannot open " + name + ": " + std::strerror(error));
        }
    }
    struct stat info {};
    require(::fstat(fd.get(), &info) == 0,
            "cannot read " + name + ": " + std::string(std::strerror(errno)));
    require(!S_ISDIR(info.st_mode), name + " is a folder, not a file");
    require(S_ISREG(info.st_mode), name + " is not a regular file (a device, a pipe or a socket)");
    size = static_cast<int64_t>(info.st_size);
    require(max_bytes < 0 || size <= max_bytes, name + " is larger than " + size_text(max_bytes) +
                                                    " (it has " + size_text(size) +
                                                    "); it is not a file ConvScope reads");
    // Files under /proc and /sys say 0 bytes and then produce content; neither is ours.
    require(size > 0, name + " is empty (0 bytes)");
    const int flags = ::fcntl(fd.get(), F_GETFL);
    require(flags >= 0 && ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) == 0,
            "cannot read " + name + ": " + std::string(std::strerror(errno)));
    return fd;
}

// Reads up to `count` bytes into `out`; returns how many arrived (fewer at the end of the file).
size_t read_up_to(int fd, uint8_t* out, size_t count, const std::string& name) {
    size_t done = 0;
    while (done < count) {
        const ssize_t n = ::read(fd, out + done, count - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        require(n >= 0, "cannot read " + name + ": " + std::string(std::strerror(errno)));
        if (n == 0) {
            break;
        }
        done += static_cast<size_t>(n);
    }
    return done;
}

template <typename Bytes>
Bytes read_whole(const std::string& path, int64_t max_bytes, const std::string& what) {
    int64_t size = 0;
    const Descriptor fd = open_checked(path, max_bytes, what, size);
    const std::string name = what + " \"" + path + "\"";
    // The size was read from the descriptor; a file that shrinks meanwhile is read as it is
    // now, and one that grows is read up to the size it had (never past the limit).
    Bytes bytes(static_cast<size_t>(size), 0);
    const size_t got =
        read_up_to(fd.get(), reinterpret_cast<uint8_t*>(bytes.data()), bytes.size(), name);
    bytes.resize(got);
    require(!bytes.empty(), name + " is empty (0 bytes)");
    return bytes;
}

}  // namespace

std::vector<uint8_t> read_regular_file(const std::string& path, int64_t max_bytes,
                                       const std::string& what) {
    return read_whole<std::vector<uint8_t>>(path, max_bytes, what);
}

std::string read_regular_text(const std::string& path, int64_t max_bytes, const std::string& what) {
    return read_whole<std::string>(path, max_bytes, what);
}

std::vector<uint8_t> read_file_start(const std::string& path, size_t count,
                                     const std::string& what) {
    int64_t size = 0;
    const Descriptor fd = open_checked(path, -1, what, size);
    std::vector<uint8_t> bytes(std::min(count, static_cast<size_t>(size)));
    bytes.resize(read_up_to(fd.get(), bytes.data(), bytes.size(), what + " \"" + path + "\""));
    return bytes;
}

int open_regular_file(const std::string& path, int64_t max_bytes, const std::string& what) {
    int64_t size = 0;
    return open_checked(path, max_bytes, what, size).release();
}

int json_nesting_depth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character, '"' or '\\' included, ends nothing
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                deepest = std::max(deepest, ++depth);
                break;
            case ']':
            case '}':
                // Unbalanced closers are the parser's to report.
                depth = std::max(0, depth - 1);
                break;
            default:
                break;
        }
    }
    return deepest;
}

nlohmann::json parse_json_limited(std::string_view text, const std::string& name) {
    const int depth = json_nesting_depth(text);
    require(depth <= max_json_depth, name + " is nested " + std::to_string(depth) +
                                         " levels deep; ConvScope files are at most " +
                                         std::to_string(max_json_depth));
    return nlohmann::json::parse(text.begin(), text.end());
}

}  // namespace cs
