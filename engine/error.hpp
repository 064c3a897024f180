#pragma once
// One exception type for everything the engine rejects. Its message is written for a student:
// it names the parameter, the rule that was broken and the shapes involved.
//
// A rule a student can break from the window (stride 0, a kernel larger than the input, …)
// also carries a stable id ("param.at_least_1_both") and the values its sentence is made of
// ({"op", "conv2d"}, {"param", "stride"}, {"got", "(0, 1)"}), so the app can say the same
// sentence in the window's language; what() stays the English text the CLI prints.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cs {

// One named value of a message: {"got", "(0, 1)"}.
struct MessageArg {
    std::string name;
    std::string value;
};

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(std::string id, std::vector<MessageArg> args, const std::string& message)
        : std::runtime_error(message), id_(std::move(id)), args_(std::move(args)) {}

    // Empty for messages the app shows as they are.
    const std::string& id() const { return id_; }
    const std::vector<MessageArg>& args() const { return args_; }

  private:
    std::string id_;
    std::vector<MessageArg> args_;
};

// Throws cs::Error(message) when the condition is false. Used for input validation only;
// internal invariants use assert.
inline void require(bool condition, const std::string& message) {
    if (!condition) {
        throw Error(message);
    }
}

// The same, for a rule with a stable id: `english` is what() and must say what `id` and
// `args` say (app/core/engine_message.cpp holds the sentence of each id).
inline void require(bool condition, const char* id, std::vector<MessageArg> args,
                    const std::string& english) {
    if (!condition) {
        throw Error(id, std::move(args), english);
    }
}

}  // namespace cs
