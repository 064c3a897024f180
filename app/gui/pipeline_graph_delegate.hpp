#pragma once
// Draws the playground's layer list with its graph in a gutter on the left (lanes of
// app/core/pipeline_lanes.hpp): a dot per layer, the chain straight down, and a lane for every
// branch that turns into the layers reading it. A join is drawn as a ring.
#include <QStyledItemDelegate>

#include <utility>

#include "app/core/pipeline_lanes.hpp"

namespace cs::core {
class PipelineController;
}

namespace cs::gui {

class PipelineGraphDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    explicit PipelineGraphDelegate(core::PipelineController* controller, QObject* parent = nullptr);
    // Without a pipeline: the owner sets the lanes (an imported model's graph).
    explicit PipelineGraphDelegate(QObject* parent);
    void set_lanes(core::PipelineLanes lanes) { lanes_ = std::move(lanes); }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    const core::PipelineLanes& lanes() const { return lanes_; }
    // Pixels left of the text: the lanes and a margin.
    int gutter() const;

  private:
    core::PipelineController* controller_ = nullptr;
    core::PipelineLanes lanes_;
};

}  // namespace cs::gui
