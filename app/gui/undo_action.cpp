#include "app/gui/undo_action.hpp"

#include <QUndoStack>

namespace cs::gui {

UndoAction::UndoAction(QUndoStack* stack, Kind kind, bool name_command, QObject* parent)
    : QAction(parent), stack_(stack), kind_(kind), name_command_(name_command) {
    const bool undo = kind_ == Kind::undo;
    setEnabled(undo ? stack_->canUndo() : stack_->canRedo());
    connect(stack_, undo ? &QUndoStack::canUndoChanged : &QUndoStack::canRedoChanged, this,
            &QAction::setEnabled);
    connect(stack_, undo ? &QUndoStack::undoTextChanged : &QUndoStack::redoTextChanged, this,
            &UndoAction::retranslate);
    connect(this, &QAction::triggered, stack_, undo ? &QUndoStack::undo : &QUndoStack::redo);
    retranslate();
}

void UndoAction::retranslate() {
    const bool undo = kind_ == Kind::undo;
    const QString command = undo ? stack_->undoText() : stack_->redoText();
    if (name_command_) {
        setText(command.isEmpty() ? (undo ? tr("&Undo") : tr("&Redo"))
                                  : (undo ? tr("&Undo %1") : tr("&Redo %1")).arg(command));
        return;
    }
    setText(undo ? tr("Undo") : tr("Redo"));
    setToolTip(command.isEmpty() ? text() : (undo ? tr("Undo %1") : tr("Redo %1")).arg(command));
}

}  // namespace cs::gui
