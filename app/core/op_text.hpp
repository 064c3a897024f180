#pragma once
// An op parameter's name and meaning in the window's language. The engine describes each
// parameter in English (engine/ops/op_schema.hpp); the translations live with the app's.
#include <QString>
#include <string>
#include <vector>

#include "engine/ops/op_schema.hpp"

namespace cs::core {

// "stride" → "stride（步幅）" in Chinese; the torch name stays visible in both languages.
QString param_label(const std::string& name);
// One sentence saying what the parameter does.
QString param_meaning(const ParamSpec& spec);
// Every name and meaning this file lists for translation (for the test that the list is
// complete).
std::vector<std::string> translated_param_texts();

}  // namespace cs::core
