#pragma once
// The engine's messages in the window's language. The engine (Qt-free) raises cs::Error with
// an English text, and for the rules a student can break from the parameter panel or the
// playground (stride 0, a kernel larger than the input, …) also a stable id and the values
// the sentence is made of. This file holds the one table from ids to translatable sentences;
// without a translation (English, or the CLI) the engine's own English is said unchanged.
#include <QString>

#include <string>
#include <vector>

#include "engine/error.hpp"

namespace cs::core {

// A message kept as what it says, so it can be said again after a language change.
struct EngineMessage {
    std::string id;  // empty: said as `english`
    std::vector<MessageArg> args;
    std::string english;

    static EngineMessage from(const Error& error);
    bool empty() const { return english.empty(); }
    // In the language installed now.
    QString said() const;
};

// The sentence of `id` in the language installed now with `args` filled in; `english` when
// the id is unknown or the language has no translation of it.
QString engine_message_text(const std::string& id, const std::vector<MessageArg>& args,
                            const std::string& english);
// "layer 3 (conv2d): …", the playground's prefix, in the language installed now.
QString layer_message_text(size_t layer_index, const std::string& op, const QString& message);

// Every id of the table, and the English sentence of one (empty when unknown); {name}
// stands for the argument `name`.
std::vector<std::string> engine_message_ids();
std::string engine_message_source(const std::string& id);
// The sentence of `id` with `args` filled in, in English: what the engine's what() says.
std::string engine_message_english(const std::string& id, const std::vector<MessageArg>& args);

// An op's shape explanation ("relu keeps the shape: (1, 3, 8, 8)") in the language installed
// now; other formulas (numbers and symbols) are returned as they are.
QString shape_formula_text(const std::string& formula);

}  // namespace cs::core
