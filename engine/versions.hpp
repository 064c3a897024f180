#pragma once
// Versions of the libraries the engine is built on, for Help › About and `convscope-cli --version`.
#include <string>

namespace cs {

std::string opencv_version();
std::string tbb_version();

}  // namespace cs
