#include "app/gui/language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace cs::gui {

Language::Language(QObject* parent) : QObject(parent) {}

QString Language::apply(const QString& code) {
    QString wanted = code;
    if (wanted.isEmpty()) {
        wanted = QLocale::system().language() == QLocale::Chinese ? "zh_CN" : "en";
    }
    QCoreApplication::removeTranslator(&app_translator_);
    QCoreApplication::removeTranslator(&qt_translator_);
    if (wanted.startsWith("zh")) {
        if (app_translator_.load(":/i18n/convscope_zh_CN.qm")) {
            QCoreApplication::installTranslator(&app_translator_);
        }
        if (qt_translator_.load("qtbase_zh_CN",
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(&qt_translator_);
        }
        current_ = "zh_CN";
    } else {
        current_ = "en";
    }
    return current_;
}

}  // namespace cs::gui
