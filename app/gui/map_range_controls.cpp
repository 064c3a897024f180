#include "app/gui/map_range_controls.hpp"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>

#include "app/core/settings.hpp"

namespace cs::gui {

MapRangeControls::MapRangeControls(bool with_scope, QWidget* parent)
    : QWidget(parent), choice_(core::Settings().map_range()) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    clip_ = new QComboBox(this);
    clip_->setObjectName("map_range_clip");
    row->addWidget(clip_);
    scope_ = new QComboBox(this);
    scope_->setObjectName("map_range_scope");
    row->addWidget(scope_);
    scope_->setVisible(with_scope);
    retranslate();
    connect(clip_, &QComboBox::currentIndexChanged, this, &MapRangeControls::take_from_boxes);
    connect(scope_, &QComboBox::currentIndexChanged, this, &MapRangeControls::take_from_boxes);
}

void MapRangeControls::set_choice(const core::MapRangeChoice& choice) {
    if (choice == choice_) {
        return;
    }
    choice_ = choice;
    {
        const QSignalBlocker b1(clip_);
        const QSignalBlocker b2(scope_);
        clip_->setCurrentIndex(choice_.clip == core::RangeClip::full ? 1 : 0);
        scope_->setCurrentIndex(choice_.scope == core::RangeScope::per_layer ? 1 : 0);
    }
    core::Settings().set_map_range(choice_);
    emit changed(choice_);
}

void MapRangeControls::take_from_boxes() {
    core::MapRangeChoice choice;
    choice.clip = clip_->currentIndex() == 1 ? core::RangeClip::full : core::RangeClip::robust;
    choice.scope =
        scope_->currentIndex() == 1 ? core::RangeScope::per_layer : core::RangeScope::per_map;
    set_choice(choice);
}

void MapRangeControls::retranslate() {
    const QSignalBlocker b1(clip_);
    const QSignalBlocker b2(scope_);
    clip_->clear();
    clip_->addItem(tr("Robust colours (99th percentile)"));
    clip_->addItem(tr("Full range (every value)"));
    clip_->setToolTip(
        tr("Robust: the few most extreme values saturate instead of washing out "
           "the rest of the map. Full: the colours span every value."));
    clip_->setCurrentIndex(choice_.clip == core::RangeClip::full ? 1 : 0);
    scope_->clear();
    scope_->addItem(tr("Each map on its own scale"));
    scope_->addItem(tr("One scale for the layer"));
    scope_->setCurrentIndex(choice_.scope == core::RangeScope::per_layer ? 1 : 0);
}

void MapRangeControls::showEvent(QShowEvent* event) {
    set_choice(core::Settings().map_range());  // the last choice made in any view
    QWidget::showEvent(event);
}

void MapRangeControls::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

}  // namespace cs::gui
