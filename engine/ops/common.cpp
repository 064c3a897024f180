#include "engine/ops/common.hpp"

#include <sstream>

#include "engine/error.hpp"

namespace cs {

std::string pair_string(const Pair& p) {
    std::string text = "(";
    text += std::to_string(p.h);
    text += ", ";
    text += std::to_string(p.w);
    return text + ")";
}

std::string format_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

void require_positive(const Pair& p, const std::string& op, const std::string& what) {
    require(p.h > 0 && p.w > 0, "param.at_least_1_both",
            {{"op", op}, {"param", what}, {"got", pair_string(p)}},
            op + ": " + what + " must be at least 1 in both directions, got " + pair_string(p));
}

void require_non_negative(const Pair& p, const std::string& op, const std::string& what) {
    require(p.h >= 0 && p.w >= 0, "param.non_negative",
            {{"op", op}, {"param", what}, {"got", pair_string(p)}},
            op + ": " + what + " cannot be negative, got " + pair_string(p));
}

}  // namespace cs
