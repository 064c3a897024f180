#pragma once
// The playground's undoable edits. Each user edit — adding, removing, moving or changing a
// layer, changing the input, loading a pipeline — is one command holding the pipeline before
// and after, with readable text for the Edit menu ("Add conv2d", "Change layer 3 stride").
#include <QUndoCommand>

#include "engine/pipeline/pipeline_spec.hpp"

namespace cs::core {

class PipelineController;

class PipelineEditCommand : public QUndoCommand {
  public:
    // merge_id ≥ 0: consecutive commands with the same id (one spin box being turned) merge.
    PipelineEditCommand(PipelineController* controller, pipeline::PipelineSpec before,
                        pipeline::PipelineSpec after, const QString& text, int merge_id = -1);

    void undo() override;
    void redo() override;
    int id() const override { return merge_id_; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    PipelineController* controller_;
    pipeline::PipelineSpec before_;
    pipeline::PipelineSpec after_;
    int merge_id_;
};

}  // namespace cs::core
