#include "app/gui/image_mode_view.hpp"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/settings.hpp"
#include "app/core/window_geometry.hpp"
#include "app/gui/colour_bar.hpp"
#include "app/gui/map_range_controls.hpp"
#include "engine/colormap.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"
#include "engine/parallel.hpp"

namespace cs::gui {
namespace {

// One plane of a [1, C, H, W] tensor (or the RGB image when C = 3 and `rgb`) as a QImage.
// The picture is drawn at most a screen wide, so a 12-megapixel map is sampled every few
// pixels first: colouring all of it on the UI thread would take far longer than a frame.
constexpr int display_side = 1600;

QImage to_qimage(const Tensor& t, int64_t channel, bool rgb, Colormap colormap,
                 const Normalization& normalization) {
    const int height = static_cast<int>(t.size(2));
    const int width = static_cast<int>(t.size(3));
    const int64_t plane = int64_t{height} * width;
    const int step = std::max(1, (std::max(height, width) + display_side - 1) / display_side);
    const int out_h = (height + step - 1) / step;
    const int out_w = (width + step - 1) / step;
    QImage image(out_w, out_h, QImage::Format_RGB888);
    // Rows in parallel (scanLine() of a non-const QImage may detach: taken once, here).
    uchar* pixels = image.bits();
    const qsizetype stride = image.bytesPerLine();
    if (rgb && t.size(1) == 3) {
        const float* values = t.data();
        parallel_for(0, out_h, [&](int64_t first, int64_t last) {
            for (int64_t y = first; y < last; ++y) {
                uchar* line = pixels + y * stride;
                for (int x = 0; x < out_w; ++x) {
                    for (int c = 0; c < 3; ++c) {
                        const float v = values[c * plane + y * step * width + int64_t{x} * step];
                        line[x * 3 + c] =
                            static_cast<uchar>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
                    }
                }
            }
        });
        return image;
    }
    const float* values = t.data() + channel * plane;
    // The colour range comes from the whole map (core::map_scale), not only the sampled pixels.
    const Normalization& fixed = normalization;
    parallel_for(0, out_h, [&](int64_t first, int64_t last) {
        std::vector<float> sampled(static_cast<size_t>(out_w));
        for (int64_t y = first; y < last; ++y) {
            for (int x = 0; x < out_w; ++x) {
                sampled[static_cast<size_t>(x)] = values[y * step * width + int64_t{x} * step];
            }
            const std::vector<uint8_t> bytes = colorize(sampled.data(), out_w, colormap, fixed);
            std::copy(bytes.begin(), bytes.end(), pixels + y * stride);
        }
    });
    return image;
}

}  // namespace

// Paints input | kernel | output and maps the mouse to output pixels.
class FeatureMapCanvas : public QWidget {
  public:
    FeatureMapCanvas(core::LessonController* controller, ImageModeView* owner)
        : QWidget(owner), controller_(controller), owner_(owner) {
        setMouseTracking(true);
        setMinimumSize(400, 240);
    }

    QImage input_image;
    QImage output_image;
    core::Theme theme;
    int64_t channel = 0;

  protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.fillRect(rect(), theme.background);
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        const QRectF area = rect().adjusted(10, 28, -10, -10);
        const double kernel_w = area.width() * 0.14;
        const double panel_w = (area.width() - kernel_w - 20) / 2;
        input_rect_ =
            fit(input_image.size(), QRectF(area.left(), area.top(), panel_w, area.height()));
        output_rect_ = fit(output_image.size(),
                           QRectF(area.right() - panel_w, area.top(), panel_w, area.height()));
        p.setPen(theme.text);
        p.drawText(QRectF(area.left(), 4, panel_w, 22), Qt::AlignCenter,
                   ImageModeView::tr("Input"));
        p.drawText(QRectF(area.right() - panel_w, 4, panel_w, 22), Qt::AlignCenter,
                   ImageModeView::tr("Output feature map"));
        if (!input_image.isNull()) {
            p.drawImage(input_rect_, input_image);
            draw_region(p);
        }
        if (!output_image.isNull()) {
            p.drawImage(output_rect_, output_image);
        }
        draw_kernel(p, QRectF(area.left() + panel_w + 10, area.top(), kernel_w, area.height()));
        if (!hover_window_.isNull()) {
            p.setPen(QPen(theme.window, 2));
            p.drawRect(hover_window_);
        }
    }

    void mouseMoveEvent(QMouseEvent* event) override {
        hover_window_ = QRectF();
        const QPointF pos = event->position();
        const Tensor& out = owner_->full_output();
        if (output_rect_.contains(pos) && out.dim() == 4 && !output_image.isNull() &&
            controller_->valid()) {
            const int64_t x = static_cast<int64_t>((pos.x() - output_rect_.left()) /
                                                   output_rect_.width() * out.size(3));
            const int64_t y = static_cast<int64_t>((pos.y() - output_rect_.top()) /
                                                   output_rect_.height() * out.size(2));
            if (x >= 0 && y >= 0 && x < out.size(3) && y < out.size(2)) {
                const float v = out(0, std::min(channel, out.size(1) - 1), y, x);
                emit owner_->hover_text(ImageModeView::tr("output (%1, %2) = %3")
                                            .arg(y)
                                            .arg(x)
                                            .arg(core::format_value(v)));
                hover_window_ = window_on_input(y, x);
            }
        }
        update();
    }

    void mousePressEvent(QMouseEvent* event) override {
        const Tensor& input = controller_->lesson().input;
        if (!input_rect_.contains(event->position()) || input.dim() != 4) {
            return;
        }
        const double sx = input.size(3) / input_rect_.width();
        const double sy = input.size(2) / input_rect_.height();
        const int cx = static_cast<int>((event->position().x() - input_rect_.left()) * sx);
        const int cy = static_cast<int>((event->position().y() - input_rect_.top()) * sy);
        core::ViewOptions view = controller_->lesson().view;
        const QSize size = view.region.isNull() ? QSize(12, 12) : view.region.size();
        view.region =
            QRect(cx - size.width() / 2, cy - size.height() / 2, size.width(), size.height());
        view.region.moveLeft(
            std::clamp(view.region.left(), 0, static_cast<int>(input.size(3)) - size.width()));
        view.region.moveTop(
            std::clamp(view.region.top(), 0, static_cast<int>(input.size(2)) - size.height()));
        controller_->set_view(view);
    }

  private:
    static QRectF fit(const QSize& size, const QRectF& box) {
        if (size.isEmpty()) {
            return box;
        }
        const double scale = std::min(box.width() / size.width(), box.height() / size.height());
        const QSizeF s(size.width() * scale, size.height() * scale);
        return QRectF(box.center() - QPointF(s.width() / 2, s.height() / 2), s);
    }

    // The input window of output pixel (y, x), in widget coordinates.
    QRectF window_on_input(int64_t y, int64_t x) const {
        const core::WindowGeometry g = core::window_geometry(
            OpCall{controller_->lesson().op, Tensor(), controller_->lesson().weight, Tensor(),
                   controller_->lesson().params});
        const Tensor& input = controller_->lesson().input;
        const double sx = input_rect_.width() / input.size(3);
        const double sy = input_rect_.height() / input.size(2);
        const double top = static_cast<double>(y * g.stride.h - g.pad_top);
        const double left = static_cast<double>(x * g.stride.w - g.pad_left);
        const double h = static_cast<double>(g.dilation.h * (g.kernel.h - 1) + 1);
        const double w = static_cast<double>(g.dilation.w * (g.kernel.w - 1) + 1);
        QRectF r(input_rect_.left() + left * sx, input_rect_.top() + top * sy, w * sx, h * sy);
        // A window of a few pixels on a large image would be invisible: keep it at least 6 px.
        if (r.width() < 6) {
            r.adjust(-(6 - r.width()) / 2, 0, (6 - r.width()) / 2, 0);
        }
        if (r.height() < 6) {
            r.adjust(0, -(6 - r.height()) / 2, 0, (6 - r.height()) / 2);
        }
        return r;
    }

    void draw_region(QPainter& p) const {
        const QRect region = controller_->lesson().view.region;
        const Tensor& input = controller_->lesson().input;
        if (region.isNull() || input.dim() != 4) {
            return;
        }
        const double sx = input_rect_.width() / input.size(3);
        const double sy = input_rect_.height() / input.size(2);
        QRectF r(input_rect_.left() + region.x() * sx, input_rect_.top() + region.y() * sy,
                 std::max(4.0, region.width() * sx), std::max(4.0, region.height() * sy));
        p.setPen(QPen(theme.selected, 2, Qt::DashLine));
        p.drawRect(r);
    }

    void draw_kernel(QPainter& p, const QRectF& box) const {
        const Tensor& w = controller_->lesson().weight;
        if (w.dim() != 4) {
            p.setPen(theme.text);
            p.drawText(box, Qt::AlignCenter, QString::fromStdString(controller_->lesson().op));
            return;
        }
        const int64_t o = std::min(channel, w.size(0) - 1);
        const double cell = std::min(box.width() / w.size(3), 40.0);
        const QPointF origin(box.center().x() - cell * w.size(3) / 2,
                             box.center().y() - cell * w.size(2) / 2);
        QFont font;
        font.setPixelSize(std::max(7, static_cast<int>(cell * 0.32)));
        p.setFont(font);
        for (int64_t r = 0; r < w.size(2); ++r) {
            for (int64_t q = 0; q < w.size(3); ++q) {
                const QRectF rect(origin.x() + q * cell, origin.y() + r * cell, cell, cell);
                p.fillRect(rect, theme.panel_fill);
                p.setPen(QPen(theme.window, 1.5));
                p.drawRect(rect);
                p.setPen(theme.text);
                p.drawText(rect, Qt::AlignCenter, core::format_value(w(o, 0, r, q)));
            }
        }
        p.drawText(QRectF(box.left(), origin.y() - 26, box.width(), 22), Qt::AlignCenter,
                   ImageModeView::tr("Kernel"));
    }

    core::LessonController* controller_;
    ImageModeView* owner_;
    QRectF input_rect_;
    QRectF output_rect_;
    QRectF hover_window_;
};

ImageModeView::ImageModeView(core::LessonController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    auto* column = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    colormap_label_ = new QLabel(this);
    colormap_ = new QComboBox(this);
    for (const char* name : {"diverging", "gray", "viridis"}) {
        colormap_->addItem(name, name);
    }
    normalization_label_ = new QLabel(this);
    normalization_ = new QComboBox(this);
    range_ = new MapRangeControls(false, this);
    range_->setObjectName("image_mode_range");
    channel_label_ = new QLabel(this);
    channel_ = new QSpinBox(this);
    status_ = new QLabel(this);
    for (QWidget* w :
         {static_cast<QWidget*>(colormap_label_), static_cast<QWidget*>(colormap_),
          static_cast<QWidget*>(normalization_label_), static_cast<QWidget*>(normalization_),
          static_cast<QWidget*>(channel_label_), static_cast<QWidget*>(channel_)}) {
        bar->addWidget(w);
    }
    bar->addStretch(1);
    bar->addWidget(status_);
    column->addLayout(bar);
    canvas_ = new FeatureMapCanvas(controller_, this);
    column->addWidget(canvas_, 1);
    // The output's colour bar under the canvas, as wide as the row allows (numbers and words).
    auto* bar_row = new QHBoxLayout;
    bar_ = new ColourBar(this);
    bar_->setObjectName("image_mode_colour_bar");
    // The range choice beside the bar it changes (the tool row above stays narrow for 1280 px).
    bar_row->addWidget(range_);
    bar_row->addSpacing(24);
    bar_row->addWidget(bar_, 1);
    column->addLayout(bar_row);

    connect(colormap_, &QComboBox::currentIndexChanged, this, &ImageModeView::apply_view_options);
    connect(normalization_, &QComboBox::currentIndexChanged, this,
            &ImageModeView::apply_view_options);
    connect(range_, &MapRangeControls::changed, this, [this] { refresh_images(); });
    connect(channel_, &QSpinBox::valueChanged, this, [this](int c) {
        canvas_->channel = c;
        refresh_images();
    });
    connect(controller_, &core::LessonController::lesson_changed, this, &ImageModeView::recompute);
    connect(controller_, &core::LessonController::view_changed, this, [this] { refresh_images(); });
    connect(&evaluator_, &core::AsyncEvaluator::started, this,
            [this] { status_->setText(tr("Computing the feature map…")); });
    connect(&evaluator_, &core::AsyncEvaluator::finished, this, [this](const Tensor& output) {
        output_ = output;
        status_->setText(tr("Output %1").arg(QString::fromStdString(shape_string(output.shape()))));
        channel_->setRange(0, output.dim() == 4 ? static_cast<int>(output.size(1) - 1) : 0);
        refresh_images();
    });
    connect(&evaluator_, &core::AsyncEvaluator::failed, this, [this](const QString& message) {
        output_ = Tensor();
        status_->setText(message);
        refresh_images();
    });
    retranslate();
    recompute();
}

void ImageModeView::retranslate() {
    colormap_label_->setText(tr("Colormap"));
    normalization_label_->setText(tr("Normalisation"));
    channel_label_->setText(tr("Output channel"));
    // Short names: the tool row must fit a 1280 px window (the menu's names say more).
    const QStringList colormaps = {tr("Diverging"), tr("Gray"), tr("Viridis")};
    for (int i = 0; i < colormaps.size(); ++i) {
        colormap_->setItemText(i, colormaps[i]);  // the data stays "diverging", "gray", "viridis"
    }
    const QSignalBlocker block(normalization_);
    const int index = std::max(0, normalization_->currentIndex());
    normalization_->clear();
    normalization_->addItem(tr("symmetric around zero"), "symmetric");
    normalization_->addItem(tr("min–max"), "min_max");
    normalization_->setCurrentIndex(index);
}

void ImageModeView::set_range_clip(core::RangeClip clip) {
    core::MapRangeChoice choice = range_->choice();
    choice.clip = clip;
    range_->set_choice(choice);
}

const QImage& ImageModeView::output_image() const {
    return canvas_->output_image;
}

void ImageModeView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ImageModeView::set_theme(const core::Theme& theme) {
    canvas_->theme = theme;
    canvas_->update();
}

void ImageModeView::apply_view_options() {
    core::ViewOptions view = controller_->lesson().view;
    view.colormap = colormap_from_name(colormap_->currentData().toString().toStdString());
    view.normalization.kind = normalization_->currentData().toString() == "min_max"
                                  ? Normalization::Kind::min_max
                                  : Normalization::Kind::symmetric;
    controller_->set_view(view);
}

void ImageModeView::recompute() {
    const core::Lesson& lesson = controller_->lesson();
    canvas_->input_image = lesson.input.dim() == 4
                               ? to_qimage(lesson.input, 0, true, Colormap::gray,
                                           {Normalization::Kind::fixed, 0.0f, 1.0f})
                               : QImage();
    evaluator_.request(OpCall{lesson.op, lesson.input, lesson.weight, lesson.bias, lesson.params});
    canvas_->update();
}

void ImageModeView::refresh_images() {
    const core::ViewOptions& view = controller_->lesson().view;
    {
        const QSignalBlocker b1(colormap_);
        const QSignalBlocker b2(normalization_);
        colormap_->setCurrentIndex(colormap_->findData(colormap_name(view.colormap)));
        normalization_->setCurrentIndex(
            view.normalization.kind == Normalization::Kind::min_max ? 1 : 0);
    }
    const bool has_map = output_.dim() == 4 && output_.numel() > 0;
    if (has_map) {
        const int64_t c = std::min<int64_t>(canvas_->channel, output_.size(1) - 1);
        const core::RangeClip clip = range_->choice().clip;
        scale_ =
            view.normalization.kind == Normalization::Kind::fixed
                ? core::fixed_scale(view.normalization.low, view.normalization.high)
                : core::map_scale(output_, c,
                                  view.normalization.kind == Normalization::Kind::symmetric, clip);
        canvas_->output_image = to_qimage(output_, c, false, view.colormap, scale_.normalization());
        bar_->set_scale(view.colormap, scale_);
    } else {
        canvas_->output_image = QImage();
    }
    bar_->setVisible(has_map);
    canvas_->update();
}

void ImageModeView::export_output(const QString& path) const {
    require(output_.dim() == 4 && output_.numel() > 0, "there is no feature map to export yet");
    const int64_t c = std::min<int64_t>(canvas_->channel, output_.size(1) - 1);
    const int64_t plane = output_.size(2) * output_.size(3);
    Tensor one({output_.size(2), output_.size(3)},
               std::vector<float>(output_.data() + c * plane, output_.data() + (c + 1) * plane));
    // The colours of the window: the same range as the map on screen.
    save_feature_map(one, path.toStdString(), controller_->lesson().view.colormap,
                     scale_.normalization());
}

}  // namespace cs::gui
