#include "app/gui/channels_page.hpp"

#include <optional>

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>
#include <tuple>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/map_range.hpp"
#include "app/core/page_image.hpp"
#include "app/gui/language.hpp"
#include "app/gui/map_range_controls.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/page_matrix_view.hpp"
#include "app/gui/page_style.hpp"
#include "app/gui/page_wiring_view.hpp"

namespace cs::gui {
namespace {

// Beyond this many channels the page shows the first ones only (the maps would be too small).
constexpr int64_t max_shown = 8;

struct ChannelsResult {
    core::PartialSums sums;
    std::vector<QImage> planes;
    std::vector<QImage> partials;
    QImage output;
    std::vector<QImage> outputs;
    // The colour range of each map above (none for a photo's planes).
    std::vector<std::optional<core::MapScale>> plane_scales;
    std::vector<core::MapScale> partial_scales;
    core::MapScale output_scale;
    std::vector<core::MapScale> output_scales;
    std::vector<core::MapScale> one_output_scales;
    float low = 0.0f;  // of Σ partials + bias
    float high = 0.0f;
    float difference = 0.0f;  // max |Σ partials + bias − output|
    Tensor one_output;
    std::vector<QImage> one_outputs;
};

Normalization input_range(bool photo) {
    return photo ? Normalization{Normalization::Kind::fixed, 0.0f, 1.0f} : Normalization{};
}

// The shown planes of t, each on its own range or all on one (as `choice` says).
std::vector<QImage> plane_images(const Tensor& t, Colormap colormap, bool symmetric,
                                 const core::MapRangeChoice& choice,
                                 std::vector<core::MapScale>& scales) {
    std::vector<QImage> images;
    const core::MapScale shared = core::map_scale(t, symmetric, choice.clip);
    for (int64_t c = 0; c < std::min(t.size(1), max_shown); ++c) {
        scales.push_back(choice.scope == core::RangeScope::per_layer
                             ? shared
                             : core::map_scale(t, c, symmetric, choice.clip));
        images.push_back(core::map_image(t, c, colormap, scales.back().normalization()));
    }
    return images;
}

// Keeps `views` at `count` widgets in `row`, reusing the ones there.
template <typename View>
void resize_row(QHBoxLayout* row, std::vector<View*>& views, size_t count, QWidget* parent) {
    while (views.size() > count) {
        delete views.back();
        views.pop_back();
    }
    while (views.size() < count) {
        views.push_back(new View(parent));
        row->insertWidget(static_cast<int>(views.size()) - 1, views.back());
    }
}

QLabel* big_label(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

QSpinBox* spin(int low, int high, int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(low, high);
    box->setValue(value);
    return box;
}

QWidget* scrolled(QWidget* content, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QString channel_name(int64_t c, int64_t count) {
    if (count == 3) {
        return QStringList{ChannelsPage::tr("R"), ChannelsPage::tr("G"), ChannelsPage::tr("B")}[c];
    }
    return QString("x%1").arg(c);
}

}  // namespace

const std::vector<std::string>& ChannelsPage::sections() {
    static const std::vector<std::string> names = {"partial_sums", "one_by_one", "groups",
                                                   "parameters"};
    return names;
}

ChannelsPage::ChannelsPage(core::LessonController* controller, const Language* language,
                           QWidget* parent)
    : QWidget(parent), controller_(controller), language_(language) {
    auto* column = new QVBoxLayout(this);
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    column->addWidget(header_);
    tabs_ = new QTabWidget(this);
    tabs_->addTab(scrolled(build_partial_tab(), this), QString());
    tabs_->addTab(scrolled(build_one_by_one_tab(), this), QString());
    tabs_->addTab(build_groups_tab(), QString());
    tabs_->addTab(build_counts_tab(), QString());
    column->addWidget(tabs_, 1);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    column->addWidget(status_);

    connect(controller_, &core::LessonController::lesson_changed, this,
            &ChannelsPage::on_lesson_changed);
    connect(&worker_, &core::PageWorker::busy_changed, this, [this](bool busy) {
        if (busy) {
            status_->setText(tr("Computing the maps…"));
        }
    });
    retranslate();
    refresh_groups();
    refresh_counts();
}

QWidget* ChannelsPage::build_partial_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* bar = new QHBoxLayout;
    out_channel_label_ = new QLabel(tab);
    out_channel_ = spin(0, 0, 0, tab);
    bar->addWidget(out_channel_label_);
    bar->addWidget(out_channel_);
    range_ = new MapRangeControls(true, tab);
    bar->addWidget(range_);
    connect(range_, &MapRangeControls::changed, this, [this] {
        if (controller_->lesson().view.page == page_name) {
            recompute();
        }
    });
    bar->addStretch(1);
    column->addLayout(bar);
    for (auto [title, row] :
         {std::pair{&planes_title_, &planes_row_}, std::pair{&slices_title_, &slices_row_},
          std::pair{&partials_title_, &partials_row_}, std::pair{&outputs_title_, &outputs_row_}}) {
        *title = new QLabel(tab);
        QFont bold = (*title)->font();
        bold.setBold(true);
        (*title)->setFont(bold);
        column->addWidget(*title);
        *row = new QHBoxLayout;
        (*row)->addStretch(1);
        auto* holder = new QWidget(tab);
        holder->setLayout(*row);
        holder->setMinimumHeight(170);
        column->addWidget(holder, 1);
    }
    sum_label_ = new QLabel(tab);
    sum_label_->setWordWrap(true);
    column->addWidget(sum_label_);
    connect(out_channel_, &QSpinBox::valueChanged, this, [this] { recompute(); });
    return tab;
}

QWidget* ChannelsPage::build_one_by_one_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    one_text_ = new QLabel(tab);
    one_text_->setWordWrap(true);
    column->addWidget(one_text_);
    one_planes_row_ = new QHBoxLayout;
    one_planes_row_->addStretch(1);
    auto* planes = new QWidget(tab);
    planes->setLayout(one_planes_row_);
    planes->setMinimumHeight(170);
    column->addWidget(planes, 1);
    one_weights_ = new PageMatrixView(tab);
    column->addWidget(one_weights_, 0, Qt::AlignHCenter);
    one_outputs_row_ = new QHBoxLayout;
    one_outputs_row_->addStretch(1);
    auto* outputs = new QWidget(tab);
    outputs->setLayout(one_outputs_row_);
    outputs->setMinimumHeight(170);
    column->addWidget(outputs, 1);
    auto* bar = new QHBoxLayout;
    pixel_caption_ = new QLabel(tab);
    pixel_row_ = spin(0, 0, 0, tab);
    pixel_col_ = spin(0, 0, 0, tab);
    bar->addWidget(pixel_caption_);
    bar->addWidget(pixel_row_);
    bar->addWidget(pixel_col_);
    bar->addStretch(1);
    column->addLayout(bar);
    pixel_label_ = new QLabel(tab);
    pixel_label_->setWordWrap(true);
    pixel_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(pixel_label_);
    connect(pixel_row_, &QSpinBox::valueChanged, this, &ChannelsPage::refresh_pixel);
    connect(pixel_col_, &QSpinBox::valueChanged, this, &ChannelsPage::refresh_pixel);
    return tab;
}

QWidget* ChannelsPage::build_groups_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* bar = new QHBoxLayout;
    group_in_label_ = new QLabel(tab);
    group_out_label_ = new QLabel(tab);
    groups_label_ = new QLabel(tab);
    group_in_ = spin(1, 16, 8, tab);
    group_out_ = spin(1, 16, 4, tab);
    groups_ = spin(1, 16, 4, tab);
    for (QWidget* w : std::initializer_list<QWidget*>{group_in_label_, group_in_, group_out_label_,
                                                      group_out_, groups_label_, groups_}) {
        bar->addWidget(w);
    }
    bar->addStretch(1);
    column->addLayout(bar);
    wiring_ = new PageWiringView(tab);
    column->addWidget(wiring_, 1);
    group_label_ = new QLabel(tab);
    group_label_->setWordWrap(true);
    column->addWidget(group_label_);
    for (QSpinBox* box : {group_in_, group_out_, groups_}) {
        connect(box, &QSpinBox::valueChanged, this, &ChannelsPage::refresh_groups);
    }
    return tab;
}

QWidget* ChannelsPage::build_counts_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* grid = new QGridLayout;
    count_in_label_ = new QLabel(tab);
    count_size_label_ = new QLabel(tab);
    count_kernel_label_ = new QLabel(tab);
    count_out_label_ = new QLabel(tab);
    count_in_ = spin(1, 512, 1, tab);
    count_h_ = spin(1, 4096, 28, tab);
    count_w_ = spin(1, 4096, 28, tab);
    count_kernel_ = spin(1, 15, 5, tab);
    count_out_ = spin(1, 512, 1, tab);
    grid->addWidget(count_in_label_, 0, 0);
    grid->addWidget(count_in_, 0, 1);
    grid->addWidget(count_size_label_, 0, 2);
    grid->addWidget(count_h_, 0, 3);
    grid->addWidget(count_w_, 0, 4);
    grid->addWidget(count_kernel_label_, 1, 0);
    grid->addWidget(count_kernel_, 1, 1);
    grid->addWidget(count_out_label_, 1, 2);
    grid->addWidget(count_out_, 1, 3);
    grid->setColumnStretch(5, 1);
    column->addLayout(grid);
    count_model_ = new QStandardItemModel(this);
    count_table_ = new QTableView(tab);
    count_table_->setModel(count_model_);
    count_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    count_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    count_table_->verticalHeader()->setVisible(false);
    column->addWidget(count_table_, 1);
    count_text_ = new QLabel(tab);
    count_text_->setWordWrap(true);
    column->addWidget(count_text_);
    for (QSpinBox* box : {count_in_, count_h_, count_w_, count_kernel_, count_out_}) {
        connect(box, &QSpinBox::valueChanged, this, &ChannelsPage::refresh_counts);
    }
    return tab;
}

std::string ChannelsPage::current_section() const {
    return sections()[static_cast<size_t>(tabs_->currentIndex())];
}

void ChannelsPage::retranslate() {
    tabs_->setTabText(0, tr("Channels add up"));
    tabs_->setTabText(1, tr("1×1 convolution"));
    tabs_->setTabText(2, tr("Groups and depthwise"));
    tabs_->setTabText(3, tr("Parameter counts"));
    out_channel_label_->setText(tr("Output channel (kernel)"));
    planes_title_->setText(tr("Input: one plane per channel"));
    slices_title_->setText(tr("The kernel of output channel %1: one slice per input channel")
                               .arg(out_channel_->value()));
    partials_title_->setText(tr("Each plane convolved with its slice, then summed with the bias"));
    outputs_title_->setText(tr("Several kernels give several output maps"));
    one_text_->setText(
        tr("A 1×1 kernel looks at one pixel at a time: every output pixel is a weighted sum of "
           "the input channels at that pixel, plus the bias. It mixes channels without looking "
           "at neighbours."));
    one_weights_->set_caption(tr("weights: one row per output channel, one column per input"));
    pixel_caption_->setText(tr("Pixel (row, column)"));
    group_in_label_->setText(tr("Input channels"));
    group_out_label_->setText(tr("Output channels"));
    groups_label_->setText(tr("Groups"));
    count_in_label_->setText(tr("Input channels"));
    count_size_label_->setText(tr("Input height × width"));
    count_kernel_label_->setText(tr("Kernel size k"));
    count_out_label_->setText(tr("Output channels"));
    count_text_->setText(
        tr("A convolution shares one small kernel across every position, so its parameter "
           "count does not grow with the image: k·k·C_in/groups + 1 per output channel. A "
           "fully connected neuron needs one weight for every input value."));
    refresh_header();
    refresh_slices();
    refresh_pixel_text();
    refresh_groups();
    refresh_counts();
    if (sums_) {
        const core::PartialSums& s = *sums_;
        sum_label_->setText(tr("Σ partial maps + bias %1 gives values from %2 to %3; it differs "
                               "from conv2d's output map by at most %4.")
                                .arg(core::format_value(s.bias), core::format_value(sum_low_),
                                     core::format_value(sum_high_))
                                .arg(static_cast<double>(sum_difference_), 0, 'g', 2));
        for (size_t i = 0; i < partial_views_.size() && i < s.input_channels.size(); ++i) {
            const int64_t c = s.input_channels[i];
            partial_views_[i]->set_caption(
                tr("%1 ∗ slice %2")
                    .arg(channel_name(c, controller_->lesson().input.size(1)))
                    .arg(i));
        }
    }
}

void ChannelsPage::refresh_header() {
    const core::Lesson& lesson = controller_->lesson();
    const bool chinese = language_ != nullptr && language_->chinese();
    header_->setText(QString("<b>%1</b><br>%2")
                         .arg(lesson.title(chinese).toHtmlEscaped(),
                              lesson.description(chinese).toHtmlEscaped()));
}

void ChannelsPage::on_lesson_changed() {
    const core::Lesson& lesson = controller_->lesson();
    if (lesson.view.page != page_name) {
        return;
    }
    // The lesson's own numbers seed the groups and parameter-count tabs.
    const Tensor& w = lesson.weight;
    const Tensor& in = lesson.input;
    if (w.dim() == 4 && in.dim() == 4) {
        const QSignalBlocker b1(group_in_);
        const QSignalBlocker b2(group_out_);
        const QSignalBlocker b3(groups_);
        const QSignalBlocker b4(count_in_);
        const QSignalBlocker b5(count_h_);
        const QSignalBlocker b6(count_w_);
        const QSignalBlocker b7(count_kernel_);
        const QSignalBlocker b8(count_out_);
        const int64_t g = lesson.params.value("groups", int64_t{1});
        if (g > 1) {
            group_in_->setValue(static_cast<int>(in.size(1)));
            group_out_->setValue(static_cast<int>(w.size(0)));
            groups_->setValue(static_cast<int>(g));
        }
        count_in_->setValue(static_cast<int>(in.size(1)));
        count_h_->setValue(static_cast<int>(in.size(2)));
        count_w_->setValue(static_cast<int>(in.size(3)));
        count_kernel_->setValue(static_cast<int>(w.size(2)));
        count_out_->setValue(static_cast<int>(w.size(0)));
    }
    const std::string section =
        core::channels_section(lesson.op, lesson.params, lesson.input, lesson.weight);
    const auto& names = sections();
    tabs_->setCurrentIndex(
        static_cast<int>(std::find(names.begin(), names.end(), section) - names.begin()));
    {
        const QSignalBlocker block(out_channel_);
        out_channel_->setRange(0, w.dim() == 4 ? static_cast<int>(w.size(0) - 1) : 0);
    }
    refresh_header();
    refresh_groups();
    refresh_counts();
    recompute();
}

void ChannelsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!sums_ && !worker_.busy()) {
        on_lesson_changed();
    }
}

OpCall ChannelsPage::one_by_one_call() const {
    const core::Lesson& lesson = controller_->lesson();
    if (core::channels_page_op(lesson.op) && lesson.weight.dim() == 4 &&
        lesson.weight.size(2) == 1 && lesson.weight.size(3) == 1) {
        return OpCall{lesson.op, Tensor(), lesson.weight, lesson.bias, lesson.params};
    }
    // Any other lesson: the 1×1 convolution that turns colour into gray.
    const int64_t c = lesson.input.dim() == 4 ? lesson.input.size(1) : 1;
    Tensor weight({1, c, 1, 1}, 1.0f / static_cast<float>(c));
    if (c == 3) {
        weight = Tensor({1, 3, 1, 1}, {0.299f, 0.587f, 0.114f});
    }
    return OpCall{"conv2d", Tensor(), weight, Tensor(), nlohmann::json::object()};
}

void ChannelsPage::recompute() {
    const core::Lesson& lesson = controller_->lesson();
    auto input = input_.get(lesson);
    OpCall call{lesson.op, Tensor(), lesson.weight, lesson.bias, lesson.params};
    OpCall one = one_by_one_call();
    const int64_t oc = out_channel_->value();
    const bool photo = !lesson.image_path.isEmpty();
    const core::MapRangeChoice choice = range_->choice();
    refresh_slices();
    worker_.run(
        [input, call, one, oc, photo, choice]() mutable {
            call.input = *input;  // a copy on the worker thread, never on the UI thread
            one.input = *input;
            ChannelsResult r;
            r.sums = core::partial_sums(call, oc);
            if (photo) {
                for (int64_t c = 0; c < std::min(call.input.size(1), max_shown); ++c) {
                    r.planes.push_back(
                        core::map_image(call.input, c, Colormap::gray, input_range(photo)));
                }
                r.plane_scales.resize(r.planes.size());
            } else {
                std::vector<core::MapScale> scales;
                r.planes = plane_images(call.input, Colormap::gray, false, choice, scales);
                r.plane_scales.assign(scales.begin(), scales.end());
            }
            const Tensor output = core::output_map(r.sums, oc);
            // One range for the partial maps and their sum, so that the colours add up; or
            // each its own, so that a small partial map is not pale.
            std::vector<core::MapValues> all = {{output.data(), output.numel()}};
            for (const Tensor& p : r.sums.partials) {
                all.push_back({p.data(), p.numel()});
            }
            const core::MapScale shared = core::map_scale(all, true, choice.clip);
            const bool per_layer = choice.scope == core::RangeScope::per_layer;
            for (size_t i = 0; i < r.sums.partials.size() && i < max_shown; ++i) {
                r.partial_scales.push_back(
                    per_layer ? shared : core::map_scale(r.sums.partials[i], true, choice.clip));
                r.partials.push_back(core::map_image(r.sums.partials[i], 0, Colormap::diverging,
                                                     r.partial_scales.back().normalization()));
            }
            r.output_scale = per_layer ? shared : core::map_scale(output, true, choice.clip);
            r.output =
                core::map_image(output, 0, Colormap::diverging, r.output_scale.normalization());
            const core::SumCheck check = core::check_partial_sums(r.sums, oc);
            r.low = check.low;
            r.high = check.high;
            r.difference = check.difference;
            r.outputs =
                plane_images(r.sums.outputs, Colormap::diverging, true, choice, r.output_scales);
            r.one_output = core::conv_output(one);
            r.one_outputs =
                plane_images(r.one_output, Colormap::gray, false, choice, r.one_output_scales);
            return r;
        },
        [this](ChannelsResult r) {
            const int64_t channels = controller_->lesson().input.size(1);
            resize_row(planes_row_, plane_views_, r.planes.size(), this);
            resize_row(one_planes_row_, one_plane_views_, r.planes.size(), this);
            for (size_t i = 0; i < r.planes.size(); ++i) {
                const QString name =
                    tr("channel %1").arg(channel_name(static_cast<int64_t>(i), channels));
                plane_views_[i]->set_caption(name);
                plane_views_[i]->set_image(r.planes[i]);
                one_plane_views_[i]->set_caption(name);
                one_plane_views_[i]->set_image(r.planes[i]);
                for (PageMapView* view : {plane_views_[i], one_plane_views_[i]}) {
                    if (r.plane_scales[i]) {
                        view->set_scale(Colormap::gray, *r.plane_scales[i]);
                    } else {
                        view->clear_scale();
                    }
                }
            }
            // partial + partial + … + bias = output
            while (QLayoutItem* item = partials_row_->takeAt(0)) {
                delete item->widget();
                delete item;
            }
            partial_views_.clear();
            for (size_t i = 0; i < r.partials.size(); ++i) {
                if (i > 0) {
                    partials_row_->addWidget(big_label("+", this));
                }
                auto* view = new PageMapView(this);
                view->set_image(r.partials[i]);
                view->set_scale(Colormap::diverging, r.partial_scales[i]);
                partials_row_->addWidget(view);
                partial_views_.push_back(view);
            }
            partials_row_->addWidget(big_label("+", this));
            partials_row_->addWidget(
                big_label(tr("bias\n%1").arg(core::format_value(r.sums.bias)), this));
            partials_row_->addWidget(big_label("=", this));
            auto* output = new PageMapView(this);
            output->set_caption(tr("output channel %1").arg(out_channel_->value()));
            output->set_image(r.output);
            output->set_scale(Colormap::diverging, r.output_scale);
            partials_row_->addWidget(output);
            resize_row(outputs_row_, output_views_, r.outputs.size(), this);
            for (size_t i = 0; i < r.outputs.size(); ++i) {
                output_views_[i]->set_caption(tr("output channel %1").arg(i));
                output_views_[i]->set_image(r.outputs[i]);
                output_views_[i]->set_scale(Colormap::diverging, r.output_scales[i]);
            }
            resize_row(one_outputs_row_, one_output_views_, r.one_outputs.size(), this);
            for (size_t i = 0; i < r.one_outputs.size(); ++i) {
                one_output_views_[i]->set_caption(tr("1×1 output channel %1").arg(i));
                one_output_views_[i]->set_image(r.one_outputs[i]);
                one_output_views_[i]->set_scale(Colormap::gray, r.one_output_scales[i]);
            }
            sums_ = std::move(r.sums);
            sum_low_ = r.low;
            sum_high_ = r.high;
            sum_difference_ = r.difference;
            one_by_one_output_ = std::move(r.one_output);
            {
                const QSignalBlocker b1(pixel_row_);
                const QSignalBlocker b2(pixel_col_);
                const bool first = pixel_row_->maximum() == 0 && pixel_col_->maximum() == 0;
                pixel_row_->setRange(0, static_cast<int>(one_by_one_output_.size(2) - 1));
                pixel_col_->setRange(0, static_cast<int>(one_by_one_output_.size(3) - 1));
                if (first) {
                    pixel_row_->setValue(pixel_row_->maximum() / 2);
                    pixel_col_->setValue(pixel_col_->maximum() / 2);
                }
            }
            status_->clear();
            retranslate();
            refresh_pixel();
        },
        [this](const QString& message) { show_error(message); });
}

void ChannelsPage::refresh_slices() {
    const Tensor& w = controller_->lesson().weight;
    if (w.dim() != 4 || w.size(0) == 0) {
        resize_row(slices_row_, slice_views_, 0, this);
        return;
    }
    const int64_t oc = std::min<int64_t>(out_channel_->value(), w.size(0) - 1);
    const int64_t per_group = std::min(w.size(1), max_shown);
    const int64_t kk = w.size(2) * w.size(3);
    resize_row(slices_row_, slice_views_, static_cast<size_t>(per_group), this);
    const int64_t groups = controller_->lesson().params.value("groups", int64_t{1});
    const int64_t group = oc / std::max<int64_t>(1, w.size(0) / std::max<int64_t>(1, groups));
    for (int64_t i = 0; i < per_group; ++i) {
        const float* slice = w.data() + (oc * w.size(1) + i) * kk;
        auto* view = slice_views_[static_cast<size_t>(i)];
        view->set_caption(
            tr("slice for %1")
                .arg(channel_name(group * w.size(1) + i, controller_->lesson().input.size(1))));
        view->set_matrix(static_cast<int>(w.size(2)), static_cast<int>(w.size(3)),
                         std::vector<float>(slice, slice + kk));
    }
}

// The traces run on a worker: the call needs its own copy of the input, which for a large
// photo is too slow for the UI thread.
void ChannelsPage::refresh_pixel() {
    if (one_by_one_output_.dim() != 4) {
        pixel_steps_.clear();
        refresh_pixel_text();
        return;
    }
    OpCall call = one_by_one_call();
    one_weights_->set_matrix(static_cast<int>(call.weight.size(0)),
                             static_cast<int>(call.weight.size(1)), call.weight.to_vector());
    auto input = input_.get(controller_->lesson());
    const int64_t y = pixel_row_->value();
    const int64_t x = pixel_col_->value();
    pixel_worker_.run(
        [input, call, y, x]() mutable {
            call.input = *input;
            std::vector<Step> steps;
            for (int64_t oc = 0; oc < std::min(call.weight.size(0), max_shown); ++oc) {
                steps.push_back(core::pixel_trace(call, oc, y, x));
            }
            return steps;
        },
        [this](std::vector<Step> steps) {
            pixel_steps_ = std::move(steps);
            refresh_pixel_text();
        },
        [this](const QString& message) {
            pixel_steps_.clear();
            pixel_label_->setText(message);
        });
}

void ChannelsPage::refresh_pixel_text() {
    if (pixel_steps_.empty()) {
        pixel_label_->clear();
        return;
    }
    const int64_t channels = controller_->lesson().input.size(1);
    QStringList lines;
    for (const Step& step : pixel_steps_) {
        QStringList terms;
        for (const Tap& tap : step.taps) {
            terms << QString("%1 × %2(%3)")
                         .arg(core::format_value(tap.weight.value_or(0.0f)),
                              channel_name(tap.kernel[0], channels), core::format_value(tap.value));
        }
        if (step.bias) {
            terms << core::format_value(*step.bias);
        }
        lines << tr("output %1 at (%2, %3) = %4 = %5")
                     .arg(step.at[1])
                     .arg(step.at[2])
                     .arg(step.at[3])
                     .arg(terms.join(" + "), core::format_value(step.output));
    }
    pixel_label_->setText(lines.join("\n"));
}

void ChannelsPage::refresh_groups() {
    const int64_t in = group_in_->value();
    const int64_t out = group_out_->value();
    const int64_t g = groups_->value();
    try {
        const core::GroupWiring wiring = core::group_wiring(in, out, g, 3);
        const core::LayerParameters grouped = core::conv2d_parameters(in, out, 3, g);
        const core::LayerParameters dense = core::conv2d_parameters(in, out, 3, 1);
        wiring_->set_wiring(in, g, wiring.inputs_of_output);
        QString text =
            tr("Each output channel reads %1 of the %2 input channels. Weight shape %3: %4 "
               "weights + %5 biases = %6 parameters for 3×3 kernels (groups = 1 would need %7).")
                .arg(in / g)
                .arg(in)
                .arg(QString::fromStdString(shape_string(wiring.weight_shape)))
                .arg(grouped.weights)
                .arg(grouped.biases)
                .arg(grouped.total())
                .arg(dense.total());
        if (g == in && g > 1) {
            text += " " + tr("groups = input channels: a depthwise convolution, one kernel per "
                             "channel that never mixes channels.");
        }
        group_label_->setText(text);
    } catch (const std::exception& e) {
        wiring_->set_wiring(0, 1, {});
        group_label_->setText(tr("Not a valid convolution: %1").arg(QString::fromUtf8(e.what())));
    }
}

void ChannelsPage::refresh_counts() {
    const int64_t c = count_in_->value();
    const int64_t h = count_h_->value();
    const int64_t w = count_w_->value();
    const int64_t k = count_kernel_->value();
    const int64_t out = count_out_->value();
    count_model_->clear();
    count_model_->setHorizontalHeaderLabels(
        {tr("Layer"), tr("Weight shape"), tr("Weights"), tr("Biases"), tr("Parameters")});
    auto add_row = [this](const QString& name, const core::LayerParameters& p) {
        QList<QStandardItem*> row;
        row << new QStandardItem(name)
            << new QStandardItem(QString::fromStdString(shape_string(p.weight_shape)))
            << new QStandardItem(QLocale().toString(static_cast<qlonglong>(p.weights)))
            << new QStandardItem(QLocale().toString(static_cast<qlonglong>(p.biases)))
            << new QStandardItem(QLocale().toString(static_cast<qlonglong>(p.total())));
        count_model_->appendRow(row);
    };
    try {
        add_row(tr("Convolution: %1 kernel(s) %2×%2×%3").arg(out).arg(k).arg(c),
                core::conv2d_parameters(c, out, k, 1));
        add_row(
            tr("Fully connected: %1 neuron(s) on the %2×%3×%4 input").arg(out).arg(c).arg(h).arg(w),
            core::linear_parameters(c * h * w, out));
        if (h >= k && w >= k) {
            const int64_t outputs = out * (h - k + 1) * (w - k + 1);
            add_row(tr("Fully connected with as many outputs as the convolution (%1)").arg(outputs),
                    core::linear_parameters(c * h * w, outputs));
        }
    } catch (const std::exception& e) {
        count_text_->setText(QString::fromUtf8(e.what()));
    }
}

void ChannelsPage::show_error(const QString& message) {
    sums_.reset();
    status_->setText(tr("Cannot compute the maps: %1").arg(message));
    sum_label_->setText(tr("No maps: %1").arg(message));
}

void ChannelsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ChannelsPage::resizeEvent(QResizeEvent* event) {
    apply_page_scale(this);
    QWidget::resizeEvent(event);
}

}  // namespace cs::gui
