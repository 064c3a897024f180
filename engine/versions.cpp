#include "engine/versions.hpp"

#include <tbb/version.h>
#include <opencv2/core/version.hpp>

namespace cs {

std::string opencv_version() {
    return CV_VERSION;
}

std::string tbb_version() {
    return TBB_VERSION_STRING;
}

}  // namespace cs
