#include "app/gui/confusion_view.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace cs::gui {
namespace {

constexpr int cell = 34;
constexpr int names_width = 110;
constexpr int top = 24;
constexpr int thumb = 56;

}  // namespace

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(top + 11 * cell + 10);
}

void ConfusionView::set_classes(const QStringList& classes) {
    classes_ = classes;
    update();
}

void ConfusionView::set_matrix(const core::ConfusionMatrix& matrix,
                               std::shared_ptr<const ImageDataset> data,
                               const QStringList& classes) {
    matrix_ = matrix;
    data_ = std::move(data);
    classes_ = classes;
    update();
}

QRect ConfusionView::mistake_rect(int i) const {
    const int left = names_width + 10 * cell + 30;
    const int per_line = std::max(1, (width() - left) / (thumb + 8));
    return {left + (i % per_line) * (thumb + 8), top + (i / per_line) * (thumb + 36), thumb, thumb};
}

void ConfusionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().text().color());
    if (matrix_.classes == 0) {
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Compute the confusion matrix to see which classes the network mixes up."));
        return;
    }
    const int n = static_cast<int>(matrix_.classes);
    p.drawText(QRect(0, 0, names_width + n * cell, top), Qt::AlignCenter,
               tr("rows: true class · columns: predicted · accuracy %1%")
                   .arg(100.0 * static_cast<double>(matrix_.correct) /
                            static_cast<double>(std::max<int64_t>(1, matrix_.total)),
                        0, 'f', 1));
    int64_t largest = 1;
    for (int64_t c : matrix_.counts) {
        largest = std::max(largest, c);
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    p.setFont(small);
    for (int r = 0; r < n; ++r) {
        p.setPen(palette().text().color());
        p.drawText(QRect(0, top + r * cell, names_width - 4, cell),
                   Qt::AlignRight | Qt::AlignVCenter,
                   r < classes_.size() ? classes_[r] : QString::number(r));
        for (int c = 0; c < n; ++c) {
            const int64_t count = matrix_.at(r, c);
            // Square root so that the small off-diagonal counts stay visible next to the
            // diagonal's hundreds.
            const double t = std::sqrt(static_cast<double>(count) / static_cast<double>(largest));
            const QColor fill = r == c ? QColor::fromRgbF(1 - 0.8 * t, 1 - 0.4 * t, 1 - 0.8 * t)
                                       : QColor::fromRgbF(1, 1 - 0.8 * t, 1 - 0.8 * t);
            const QRect box(names_width + c * cell, top + r * cell, cell, cell);
            p.fillRect(box, fill);
            p.setPen(QColor(200, 200, 200));
            p.drawRect(box);
            p.setPen(Qt::black);
            p.drawText(box, Qt::AlignCenter, QString::number(count));
        }
        p.setPen(palette().text().color());
        p.drawText(QRect(names_width + r * cell, top + n * cell, cell, cell), Qt::AlignCenter,
                   QString::number(r));
    }
    if (data_ == nullptr || matrix_.mistakes.empty()) {
        return;
    }
    const QRect first = mistake_rect(0);
    p.drawText(QRect(first.left(), 0, width() - first.left(), top),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("Most confident mistakes (true → predicted); click to look inside"));
    for (size_t i = 0; i < matrix_.mistakes.size(); ++i) {
        const core::Mistake& m = matrix_.mistakes[i];
        const QRect box = mistake_rect(static_cast<int>(i));
        if (box.bottom() + 30 > height()) {
            break;
        }
        const uint8_t* pixels = data_->pixels.data() + m.index * data_->height * data_->width;
        const QImage image(pixels, static_cast<int>(data_->width), static_cast<int>(data_->height),
                           static_cast<int>(data_->width), QImage::Format_Grayscale8);
        p.drawImage(box, image);
        auto name = [this](int64_t label) {
            return label < classes_.size() ? classes_[static_cast<int>(label)]
                                           : QString::number(label);
        };
        p.drawText(QRect(box.left() - 4, box.bottom() + 1, thumb + 8, 30),
                   Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                   QStringLiteral("%1→%2 %3%")
                       .arg(name(m.label), name(m.predicted))
                       .arg(100.0 * m.confidence, 0, 'f', 0));
    }
}

void ConfusionView::mousePressEvent(QMouseEvent* event) {
    for (size_t i = 0; i < matrix_.mistakes.size(); ++i) {
        if (mistake_rect(static_cast<int>(i)).contains(event->position().toPoint())) {
            emit mistake_chosen(matrix_.mistakes[i].index);
            return;
        }
    }
}

}  // namespace cs::gui
