#pragma once
// The app's QApplication: the one place where an exception that escaped an event handler is
// caught. Qt cannot carry exceptions through its event loop (the process would abort), so
// whatever a slot, a timer or a paint event throws ends here, and the user reads what went
// wrong instead of losing the window.
#include <QApplication>
#include <QString>

namespace cs::gui {

class Application : public QApplication {
  public:
    Application(int& argc, char** argv);

    bool notify(QObject* receiver, QEvent* event) override;

    // The text shown for an exception that reached the event loop (for tests).
    static QString describe(const std::exception& e);

  private:
    void report(const QString& message);
    bool reporting_ = false;  // one message at a time: a failing paint event repeats
};

}  // namespace cs::gui
