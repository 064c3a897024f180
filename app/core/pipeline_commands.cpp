#include "app/core/pipeline_commands.hpp"

#include "app/core/pipeline_controller.hpp"

namespace cs::core {

PipelineEditCommand::PipelineEditCommand(PipelineController* controller,
                                         pipeline::PipelineSpec before,
                                         pipeline::PipelineSpec after, const QString& text,
                                         int merge_id)
    : QUndoCommand(text),
      controller_(controller),
      before_(std::move(before)),
      after_(std::move(after)),
      merge_id_(merge_id) {}

void PipelineEditCommand::undo() {
    controller_->restore_spec(before_);
}

void PipelineEditCommand::redo() {
    controller_->restore_spec(after_);
}

bool PipelineEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* edit = dynamic_cast<const PipelineEditCommand*>(other);
    if (edit == nullptr || edit->merge_id_ != merge_id_ || merge_id_ < 0) {
        return false;
    }
    after_ = edit->after_;
    return true;
}

}  // namespace cs::core
