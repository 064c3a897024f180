#pragma once
// Reading a file the user named, or one of the app's compiled-in resources (":/..."), for the
// core library's readers (lessons, pipelines, images). A file on disk goes through
// cs::read_regular_file (engine/file_read.hpp): only a regular file, its size checked before
// its content, so that /dev/zero, a FIFO or a folder is refused with a message rather than
// filling the memory or blocking. A resource is part of the program and read as it is.
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace cs::core {

// `what` names the document in messages ("the lesson", "the image").
std::vector<uint8_t> read_file_or_resource(const QString& path, int64_t max_bytes,
                                           const std::string& what);

}  // namespace cs::core
