// Not a check: saves every tab of every lesson page as a PNG for a person to look at.
//   convscope_gui_tests "[.shots]"   (writes into $CONVSCOPE_SHOTS, default /tmp)
#include <catch2/catch.hpp>

#include <QDir>
#include <QTabWidget>

#include "app/gui/activation_page.hpp"
#include "app/gui/channels_page.hpp"
#include "app/gui/laplacian_page.hpp"
#include "page_test_helpers.hpp"

using cs::gui::MainWindow;

namespace {

template <typename Page>
void shoot(const QString& lesson, const QString& language, bool presenter = false) {
    const QString folder = qEnvironmentVariable("CONVSCOPE_SHOTS", QDir::tempPath());
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.set_language(language);
    if (presenter) {
        window.set_presenter_mode(true);
        window.resize(1920, 1080);
    }
    auto* page = cs::test::open_page<Page>(window, lesson);
    auto* tabs = page->template findChild<QTabWidget*>();
    const int count = tabs != nullptr ? tabs->count() : 1;
    for (int i = 0; i < count; ++i) {
        if (tabs != nullptr) {
            tabs->setCurrentIndex(i);
        }
        cs::test::wait_until([&] { return !page->busy(); }, 20000);
        QCoreApplication::processEvents();
        window.grab().save(QString("%1/page-%2-%3%4-%5.png")
                               .arg(folder, lesson, language, presenter ? "-presenter" : "")
                               .arg(i));
    }
    window.set_language("en");
}

}  // namespace

TEST_CASE("lesson pages: screenshots of every tab", "[.shots]") {
    for (const QString language : {"en", "zh_CN"}) {
        shoot<cs::gui::LaplacianPage>("laplacian_profile_and_edges", language);
        shoot<cs::gui::ChannelsPage>("channels_rgb_partial_sums", language);
        shoot<cs::gui::ChannelsPage>("channels_groups_depthwise", language);
        shoot<cs::gui::ActivationPage>("activation_relu", language);
    }
    shoot<cs::gui::LaplacianPage>("laplacian_profile_and_edges", "en", true);
    shoot<cs::gui::ActivationPage>("activation_relu", "en", true);
}
