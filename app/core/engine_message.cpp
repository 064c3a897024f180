// The one table from the engine's message ids (cs::Error::id) to sentences lupdate can find.
// Each sentence is the engine's English with {name} where an argument goes; a test checks
// that, filled in, it says exactly what the engine's what() says, and that each has a Chinese
// translation.
#include "app/core/engine_message.hpp"

#include <QCoreApplication>
#include <QRegularExpression>

#include <iterator>

#include "app/core/op_text.hpp"

namespace cs::core {
namespace {

constexpr const char* kContext = "cs::core::EngineMessage";

struct Sentence {
    const char* id;
    const char* source;
};

// clang-format off
constexpr Sentence kSentences[] = {
    {"param.at_least_1_both", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: {param} must be at least 1 in both directions, got {got}")},
    {"param.at_least_1", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: {param} must be at least 1, got {got}")},
    {"param.non_negative", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: {param} cannot be negative, got {got}")},
    {"conv2d.groups_divide_out_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: groups={groups} must divide the number of output channels (weight dimension 0 "
        "is {out_channels}): every group needs the same number of filters; weight {weight}")},
    {"conv2d.in_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the input has {in_channels} channels but the weight expects groups × in "
        "channels per group = {groups} × {per_group} = {expected}; input {input}, weight "
        "{weight}")},
    {"conv2d.groups_divide_in_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the input has {in_channels} channels but the weight expects groups × in "
        "channels per group = {groups} × {per_group} = {expected} (groups={groups} does not "
        "divide the {in_channels} input channels); input {input}, weight {weight}")},
    {"conv.same_needs_stride_1", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: padding=\"same\" needs stride 1 in both directions (with a larger step the "
        "output cannot keep the input size), got stride {stride}")},
    {"conv1d.same_needs_stride_1", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: padding=\"same\" needs stride 1 (with a larger step the output cannot keep the "
        "input length), got stride {stride}")},
    {"conv2d.kernel_larger_than_input", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the kernel ({kernel}, spanning {span} with dilation {dilation}) is larger than "
        "the padded input ({padded} = input {input} plus padding); the kernel must fit inside "
        "it")},
    {"conv_transpose2d.output_padding_too_large", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: output_padding must be smaller than the stride or the dilation in each "
        "direction (it only picks which of the output sizes that map to the same input size "
        "is meant), got output_padding {output_padding}, stride {stride}, dilation "
        "{dilation}")},
    {"conv_transpose2d.in_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the input has {in_channels} channels but the weight (dimension 0) is for "
        "{weight_in} input channels; input {input}, weight {weight}")},
    {"conv_transpose2d.groups_divide_in_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: groups={groups} must divide the number of input channels ({in_channels}); "
        "weight {weight}")},
    {"conv_transpose2d.output_not_positive", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the output size must be positive, but height {height} and width {width} (the "
        "padding cuts away more than the full output)")},
    {"pool.padding_over_half", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: padding {padding} must be at most half of kernel_size {kernel}, i.e. {most} at "
        "most, so that every window covers part of the input")},
    {"pool.kernel_larger_than_input", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the output would be {output} for input {input} — kernel_size {kernel} with "
        "dilation {dilation} does not fit in the padded input. Height: {height}; width: "
        "{width}")},
    {"padding_mode.reflect_too_large", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: padding_mode \"reflect\" needs each padding smaller than the input size it "
        "mirrors (the edge element is not repeated, so there must be an element beyond it); "
        "got {dim} {size}, padding {before} before and {after} after")},
    {"padding_mode.circular_too_large", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: padding_mode \"circular\" needs each padding at most the input size (the map "
        "may wrap around only once); got {dim} {size}, padding {before} before and {after} "
        "after")},
    {"avg_pool2d.divisor_zero", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "avg_pool2d: divisor_override must not be 0 (leave it out to divide by the window "
        "size)")},
    {"lp_pool2d.norm_type_finite", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "lp_pool2d: norm_type must be a finite number, got {got}")},
    {"lp_pool2d.norm_type_zero", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "lp_pool2d: norm_type must not be 0 — the result is (Σ x^p)^(1/p), and 1/0 has no "
        "value")},
    {"layer.groups_divide_channels", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "groups={groups} must divide both the input channels ({in_channels}) and the output "
        "channels ({out_channels})")},
    {"lesson.too_many_cells", QT_TRANSLATE_NOOP("cs::core::EngineMessage",
        "{op}: the animation would draw {millions} million cells (the padded input and the "
        "output, {shape}); a lesson draws at most 4 million: use a smaller padding, stride or "
        "input")},
};

// Words an argument may hold that are said in the window's language too.
[[maybe_unused]] constexpr const char* kWords[] = {
    QT_TRANSLATE_NOOP("cs::core::EngineMessage", "height"),
    QT_TRANSLATE_NOOP("cs::core::EngineMessage", "width"),
};
// clang-format on

const Sentence* find(const std::string& id) {
    for (const Sentence& s : kSentences) {
        if (id == s.id) {
            return &s;
        }
    }
    return nullptr;
}

template <typename Value>
QString filled(QString text, const std::vector<MessageArg>& args, Value value_of) {
    for (const MessageArg& a : args) {
        text.replace("{" + QString::fromStdString(a.name) + "}", value_of(a));
    }
    return text;
}

}  // namespace

EngineMessage EngineMessage::from(const Error& error) {
    return {error.id(), error.args(), error.what()};
}

QString EngineMessage::said() const {
    return engine_message_text(id, args, english);
}

QString engine_message_text(const std::string& id, const std::vector<MessageArg>& args,
                            const std::string& english) {
    const Sentence* sentence = id.empty() ? nullptr : find(id);
    if (sentence == nullptr) {
        return QString::fromStdString(english);
    }
    const QString translated = QCoreApplication::translate(kContext, sentence->source);
    if (translated == QString::fromUtf8(sentence->source)) {
        return QString::fromStdString(english);  // no translation: the engine's own words
    }
    return filled(translated, args, [](const MessageArg& a) {
        const QString value = QString::fromStdString(a.value);
        if (a.name == "param") {
            return param_label(a.value);
        }
        if (a.name == "dim") {
            return QCoreApplication::translate(kContext, a.value.c_str());
        }
        return value;
    });
}

QString layer_message_text(size_t layer_index, const std::string& op, const QString& message) {
    return QCoreApplication::translate(kContext, "layer %1 (%2): %3")
        .arg(layer_index + 1)
        .arg(QString::fromStdString(op), message);
}

std::vector<std::string> engine_message_ids() {
    std::vector<std::string> ids;
    for (const Sentence& s : kSentences) {
        ids.emplace_back(s.id);
    }
    return ids;
}

std::string engine_message_source(const std::string& id) {
    const Sentence* sentence = find(id);
    return sentence == nullptr ? std::string() : std::string(sentence->source);
}

std::string engine_message_english(const std::string& id, const std::vector<MessageArg>& args) {
    return filled(QString::fromUtf8(engine_message_source(id)), args,
                  [](const MessageArg& a) { return QString::fromStdString(a.value); })
        .toStdString();
}

QString shape_formula_text(const std::string& formula) {
    // The engine's explanation for ops that keep their input's shape (activations, dropout,
    // clamp, normalisations): "<what> keeps the shape: <shape>[; <how>]".
    static const QRegularExpression keeps(
        QStringLiteral("^(.+) keeps the shape: (\\[[^\\]]*\\]|\\([^)]*\\))(.*)$"));
    const QString text = QString::fromStdString(formula);
    const QRegularExpressionMatch m = keeps.match(text);
    if (!m.hasMatch()) {
        return text;
    }
    QString what = m.captured(1);
    static const QRegularExpression clamping(QStringLiteral("^clamping to (.+)$"));
    if (const QRegularExpressionMatch c = clamping.match(what); c.hasMatch()) {
        what = QCoreApplication::translate(kContext, "clamping to %1").arg(c.captured(1));
    }
    QString how = m.captured(3);
    static const QRegularExpression batch(
        QStringLiteral("^; statistics of this batch, over N·H·W = (\\d+) values per channel$"));
    static const QRegularExpression lrn(QStringLiteral(
        "^; each value is divided by (\\(k \\+ alpha/\\d+ · Σ x²\\)\\^beta) over (\\d+) "
        "neighbouring channels$"));
    if (how == QLatin1String("; running statistics")) {
        how = QCoreApplication::translate(kContext, "; running statistics");
    } else if (const QRegularExpressionMatch b = batch.match(how); b.hasMatch()) {
        how = QCoreApplication::translate(
                  kContext, "; statistics of this batch, over N·H·W = %1 values per channel")
                  .arg(b.captured(1));
    } else if (const QRegularExpressionMatch l = lrn.match(how); l.hasMatch()) {
        how = QCoreApplication::translate(
                  kContext, "; each value is divided by %1 over %2 neighbouring channels")
                  .arg(l.captured(1), l.captured(2));
    }
    return QCoreApplication::translate(kContext, "%1 keeps the shape: %2%3")
        .arg(what, m.captured(2), how);
}

}  // namespace cs::core
