#include "app/core/read_file.hpp"

#include <QFile>

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs::core {

std::vector<uint8_t> read_file_or_resource(const QString& path, int64_t max_bytes,
                                           const std::string& what) {
    if (!path.startsWith(":/")) {
        return read_regular_file(path.toStdString(), max_bytes, what);
    }
    QFile file(path);
    require(file.open(QIODevice::ReadOnly),
            what + " \"" + path.toStdString() + "\" is not among the app's resources");
    const QByteArray bytes = file.readAll();
    require(!bytes.isEmpty(), what + " \"" + path.toStdString() + "\" is empty (0 bytes)");
    return {bytes.begin(), bytes.end()};
}

}  // namespace cs::core
