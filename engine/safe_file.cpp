#include "engine/safe_file.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/error.hpp"

namespace cs {
namespace {

namespace fs = std::filesystem;

// What a failed system call means for the person saving, in words rather than errno names.
std::string reason(int error) {
    switch (error) {
        case ENOSPC:
            return "the disk is full";
        case EDQUOT:
            return "the disk quota is used up";
        case EFBIG:
            return "the file would exceed the file-size limit";
        case EACCES:
        case EPERM:
            return "the folder is not writable";
        case EROFS:
            return "the disk is read-only";
        case ENOENT:
        case ENOTDIR:
            return "the folder does not exist";
        case EISDIR:
            return "it is a folder";
        case EIO:
            return "the disk reported an input/output error";
        default:
            return std::strerror(error);
    }
}

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& why) {
    throw Error("cannot save " + what + " to \"" + path + "\": " + why +
                ". The previous file, if any, was kept unchanged");
}

// A temporary name beside `path`, hidden, with the same extension (OpenCV's writers choose the
// format from it): "dir/.name.part-PID-N.ext".
std::string temporary_name_for(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string name = "." + target.stem().string() + ".part-" + std::to_string(::getpid()) +
                             "-" + std::to_string(counter++) + target.extension().string();
    return (dir / name).string();
}

// The mode the new file gets: the old file's, or what a new file would get (0666 less umask,
// which open() applies). A target that is a folder or a device is refused before anything.
mode_t mode_for(const std::string& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return 0666;
    }
    if (S_ISDIR(st.st_mode)) {
        fail(what, path, "it is a folder");
    }
    if (!S_ISREG(st.st_mode)) {
        fail(what, path, "it is not a regular file");
    }
    return st.st_mode & 07777;
}

void sync_folder_of(const std::string& path) {
    const fs::path target(path);
    const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);  // makes the rename durable; failing here cannot lose the old content
        ::close(fd);
    }
}

}  // namespace

ReplacementFile::ReplacementFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
    if (path_.empty()) {
        throw Error("cannot save " + what_ + ": no file name given");
    }
    const mode_t mode = mode_for(path_, what_);
    temporary_ = temporary_name_for(path_);
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0) {
        cs::fail(what_, path_, reason(errno));
    }
}

ReplacementFile::~ReplacementFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!committed_) {
        ::unlink(temporary_.c_str());
    }
}

void ReplacementFile::fail(const std::string& why) {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    ::unlink(temporary_.c_str());
    cs::fail(what_, path_, why);
}

void ReplacementFile::write(std::string_view bytes) {
    require(fd_ >= 0 && !committed_, "ReplacementFile::write after commit");
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail(reason(n < 0 ? errno : ENOSPC));
        }
        done += static_cast<size_t>(n);
    }
    written_ += bytes.size();
    wrote_ = true;
}

void ReplacementFile::commit() {
    require(!committed_, "ReplacementFile::commit twice");
    // Another writer may have replaced the reserved file by path: look at what is there now.
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        fail(reason(errno));
    }
    // fsync is where a delayed-allocation file system reports a full disk.
    if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
        fail(reason(errno));
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        fail(reason(errno));
    }
    const auto size = static_cast<uint64_t>(st.st_size);
    if (wrote_ ? size != written_ : size == 0) {
        fail(size == 0 ? "nothing reached the disk (is it full?)"
                       : "the file on disk is shorter than what was written");
    }
    ::close(fd_);
    fd_ = -1;
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
        fail(reason(errno));
    }
    committed_ = true;
    sync_folder_of(path_);
}

void write_file_atomically(const std::string& path, std::string_view bytes,
                           const std::string& what) {
    ReplacementFile file(path, what);
    file.write(bytes);
    file.commit();
}

void ignore_file_size_signal() {
    std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace cs
