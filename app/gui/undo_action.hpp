#pragma once
// Undo and Redo actions whose text is in the window's language. QUndoStack's own actions build
// "Undo %1" from Qt's translations, which ConvScope does not ship, so in Chinese a button read
// "Undo 打开 …" after the first edit.
#include <QAction>

class QUndoStack;

namespace cs::gui {

class UndoAction : public QAction {
    Q_OBJECT
  public:
    enum class Kind { undo, redo };
    // `name_command`: the text names what it undoes ("&Undo Change kernel", for a menu);
    // otherwise it stays "Undo" and the tooltip names it (a tool button keeps its width).
    UndoAction(QUndoStack* stack, Kind kind, bool name_command, QObject* parent);

    // Sets the text again in the current language (the owner calls it on a language change).
    void retranslate();

  private:
    QUndoStack* stack_;
    Kind kind_;
    bool name_command_;
};

}  // namespace cs::gui
