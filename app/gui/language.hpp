#pragma once
// Switches the UI language at run time: ConvScope's own translation and Qt's, installed on
// the application so every widget receives a LanguageChange event and retranslates itself.
#include <QObject>
#include <QString>
#include <QTranslator>

namespace cs::gui {

class Language : public QObject {
    Q_OBJECT
  public:
    explicit Language(QObject* parent = nullptr);

    // "" = the system locale; "en"; "zh_CN". Returns the language now in effect.
    QString apply(const QString& code);
    QString current() const { return current_; }
    bool chinese() const { return current_.startsWith("zh"); }

  private:
    QTranslator app_translator_;
    QTranslator qt_translator_;
    QString current_ = "en";
};

}  // namespace cs::gui
