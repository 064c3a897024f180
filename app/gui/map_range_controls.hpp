#pragma once
// The two choices of how maps are coloured, as a pair of combo boxes: robust or full range,
// and (where several maps are shown) one range per map or one for the layer. The choice is
// remembered in the settings, and each view takes up the last one made when it is shown again
// (switch to the full range in the playground and image mode shows the full range too).
#include <QWidget>

#include "app/core/map_range.hpp"

class QComboBox;

namespace cs::gui {

class MapRangeControls : public QWidget {
    Q_OBJECT
  public:
    // `with_scope`: offer per-map vs per-layer (pages that show several maps).
    explicit MapRangeControls(bool with_scope, QWidget* parent = nullptr);
    core::MapRangeChoice choice() const { return choice_; }
    void set_choice(const core::MapRangeChoice& choice);  // emits changed when it differs
    QComboBox* clip_box() const { return clip_; }
    QComboBox* scope_box() const { return scope_; }

  signals:
    void changed(const core::MapRangeChoice& choice);

  protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void retranslate();
    void take_from_boxes();

    core::MapRangeChoice choice_;
    QComboBox* clip_ = nullptr;
    QComboBox* scope_ = nullptr;
};

}  // namespace cs::gui
