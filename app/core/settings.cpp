#include "app/core/settings.hpp"

#include <algorithm>

namespace cs::core {
namespace {

namespace key {
constexpr const char* language = "ui/language";
constexpr const char* recent_files = "files/recent";
constexpr const char* recent_models = "models/recent";
constexpr const char* model_preprocess = "models/preprocess";  // a map: path → JSON
constexpr const char* window_geometry = "window/geometry";
constexpr const char* window_state = "window/state";
constexpr const char* high_contrast = "view/high_contrast";
constexpr const char* presenter_scale = "view/presenter_scale";
constexpr const char* map_range_full = "view/map_range_full";  // false: robust (the default)
constexpr const char* map_range_per_layer = "view/map_range_per_layer";
constexpr const char* playback_speed = "playback/steps_per_second";
}  // namespace key

}  // namespace

Settings::Settings() : settings_("ConvScope", "ConvScope") {}

QString Settings::language() const {
    return settings_.value(key::language, QString()).toString();
}
void Settings::set_language(const QString& code) {
    settings_.setValue(key::language, code);
}

QStringList Settings::recent_files() const {
    return settings_.value(key::recent_files).toStringList();
}

void Settings::add_recent_file(const QString& path) {
    QStringList files = recent_files();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > max_recent_files) {
        files.removeLast();
    }
    settings_.setValue(key::recent_files, files);
}

void Settings::clear_recent_files() {
    settings_.remove(key::recent_files);
}

QStringList Settings::recent_models() const {
    return settings_.value(key::recent_models).toStringList();
}

void Settings::add_recent_model(const QString& path) {
    QStringList models = recent_models();
    models.removeAll(path);
    models.prepend(path);
    while (models.size() > max_recent_files) {
        models.removeLast();
    }
    settings_.setValue(key::recent_models, models);
    // A model that left the list takes its preprocessing with it.
    QVariantMap choices = settings_.value(key::model_preprocess).toMap();
    for (const QString& known : choices.keys()) {
        if (!models.contains(known)) {
            choices.remove(known);
        }
    }
    settings_.setValue(key::model_preprocess, choices);
}

void Settings::clear_recent_models() {
    settings_.remove(key::recent_models);
    settings_.remove(key::model_preprocess);
}

QString Settings::model_preprocess(const QString& path) const {
    return settings_.value(key::model_preprocess).toMap().value(path).toString();
}

void Settings::set_model_preprocess(const QString& path, const QString& json) {
    QVariantMap choices = settings_.value(key::model_preprocess).toMap();
    choices.insert(path, json);
    settings_.setValue(key::model_preprocess, choices);
}

QByteArray Settings::window_geometry() const {
    return settings_.value(key::window_geometry).toByteArray();
}
void Settings::set_window_geometry(const QByteArray& g) {
    settings_.setValue(key::window_geometry, g);
}
QByteArray Settings::window_state() const {
    return settings_.value(key::window_state).toByteArray();
}
void Settings::set_window_state(const QByteArray& s) {
    settings_.setValue(key::window_state, s);
}

bool Settings::high_contrast() const {
    return settings_.value(key::high_contrast, false).toBool();
}
void Settings::set_high_contrast(bool on) {
    settings_.setValue(key::high_contrast, on);
}

double Settings::presenter_scale() const {
    return std::clamp(settings_.value(key::presenter_scale, 1.6).toDouble(), 0.5, 4.0);
}
void Settings::set_presenter_scale(double scale) {
    settings_.setValue(key::presenter_scale, scale);
}

MapRangeChoice Settings::map_range() const {
    MapRangeChoice choice;
    choice.clip =
        settings_.value(key::map_range_full, false).toBool() ? RangeClip::full : RangeClip::robust;
    choice.scope = settings_.value(key::map_range_per_layer, false).toBool() ? RangeScope::per_layer
                                                                             : RangeScope::per_map;
    return choice;
}
void Settings::set_map_range(const MapRangeChoice& choice) {
    settings_.setValue(key::map_range_full, choice.clip == RangeClip::full);
    settings_.setValue(key::map_range_per_layer, choice.scope == RangeScope::per_layer);
}

int Settings::playback_speed() const {
    return std::clamp(settings_.value(key::playback_speed, 2).toInt(), 1, 60);
}
void Settings::set_playback_speed(int sps) {
    settings_.setValue(key::playback_speed, sps);
}

}  // namespace cs::core
