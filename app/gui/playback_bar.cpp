#include "app/gui/playback_bar.hpp"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include "app/core/lesson_controller.hpp"
#include "app/core/playback.hpp"

namespace cs::gui {

PlaybackBar::PlaybackBar(core::LessonController* controller, core::Playback* playback,
                         QWidget* parent)
    : QWidget(parent), controller_(controller), playback_(playback) {
    auto* row = new QHBoxLayout(this);
    auto button = [this, row](QStyle::StandardPixmap icon) {
        auto* b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setAutoRaise(true);
        b->setFocusPolicy(Qt::NoFocus);  // keys go to the window's shortcuts
        row->addWidget(b);
        return b;
    };
    start_ = button(QStyle::SP_MediaSkipBackward);
    back_ = button(QStyle::SP_MediaSeekBackward);
    play_ = button(QStyle::SP_MediaPlay);
    forward_ = button(QStyle::SP_MediaSeekForward);
    end_ = button(QStyle::SP_MediaSkipForward);
    scrub_ = new QSlider(Qt::Horizontal, this);
    scrub_->setFocusPolicy(Qt::NoFocus);
    row->addWidget(scrub_, 1);
    step_label_ = new QLabel(this);
    step_label_->setMinimumWidth(110);
    row->addWidget(step_label_);
    speed_label_ = new QLabel(this);
    row->addWidget(speed_label_);
    speed_ = new QSpinBox(this);
    speed_->setRange(1, 60);
    speed_->setValue(playback_->speed());
    speed_->setFocusPolicy(Qt::ClickFocus);
    row->addWidget(speed_);

    connect(start_, &QToolButton::clicked, playback_, &core::Playback::to_start);
    connect(back_, &QToolButton::clicked, playback_, &core::Playback::step_back);
    connect(play_, &QToolButton::clicked, playback_, &core::Playback::toggle);
    connect(forward_, &QToolButton::clicked, playback_, &core::Playback::step_forward);
    connect(end_, &QToolButton::clicked, playback_, &core::Playback::to_end);
    connect(speed_, &QSpinBox::valueChanged, playback_, &core::Playback::set_speed);
    connect(scrub_, &QSlider::valueChanged, this, [this](int v) {
        if (v != controller_->step()) {
            controller_->set_step(v);
        }
    });
    connect(playback_, &core::Playback::playing_changed, this, &PlaybackBar::sync);
    connect(controller_, &core::LessonController::step_changed, this, &PlaybackBar::sync);
    connect(controller_, &core::LessonController::lesson_changed, this, &PlaybackBar::sync);
    retranslate();
}

void PlaybackBar::retranslate() {
    start_->setToolTip(tr("To start (Home)"));
    back_->setToolTip(tr("Step back (←)"));
    forward_->setToolTip(tr("Step forward (→)"));
    end_->setToolTip(tr("To end (End)"));
    speed_label_->setText(tr("Steps/s"));
    sync();
}

void PlaybackBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void PlaybackBar::sync() {
    const int64_t total = controller_->total_steps();
    const bool valid = controller_->valid() && total > 0;
    for (QWidget* w : {static_cast<QWidget*>(start_), static_cast<QWidget*>(back_),
                       static_cast<QWidget*>(play_), static_cast<QWidget*>(forward_),
                       static_cast<QWidget*>(end_), static_cast<QWidget*>(scrub_)}) {
        w->setEnabled(valid);
    }
    play_->setIcon(
        style()->standardIcon(playback_->playing() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    play_->setToolTip(playback_->playing() ? tr("Pause (Space)") : tr("Play (Space)"));
    const QSignalBlocker block(scrub_);
    scrub_->setRange(0, static_cast<int>(std::max<int64_t>(0, total - 1)));
    scrub_->setValue(static_cast<int>(controller_->step()));
    step_label_->setText(valid ? tr("Step %1 of %2").arg(controller_->step() + 1).arg(total)
                               : tr("No steps"));
}

}  // namespace cs::gui
