#pragma once
// One exception type for everything the engine rejects. Its message is written for a student:
// it names the parameter, the rule that was broken and the shapes involved.
#include <stdexcept>
#include <string>

namespace cs {

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws cs::Error(message) when the condition is false. Used for input validation only;
// internal invariants use assert.
inline void require(bool condition, const std::string& message) {
    if (!condition) {
        throw Error(message);
    }
}

}  // namespace cs
