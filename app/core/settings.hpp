#pragma once
// Every setting the app keeps between runs, with its key and default, in one place.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

#include "app/core/map_range.hpp"

namespace cs::core {

class Settings {
  public:
    Settings();  // the app's QSettings (organisation "ConvScope", application "ConvScope")

    // "" = follow the system locale; "en" or "zh_CN".
    QString language() const;
    void set_language(const QString& code);

    QStringList recent_files() const;
    void add_recent_file(const QString& path);  // most recent first, at most 10
    void clear_recent_files();

    // Models opened (File › Open Model…), most recent first, at most 10, each with its
    // preprocessing (engine/model/preprocess.hpp's JSON form; "" = not chosen yet).
    QStringList recent_models() const;
    void add_recent_model(const QString& path);
    void clear_recent_models();
    QString model_preprocess(const QString& path) const;
    void set_model_preprocess(const QString& path, const QString& json);

    QByteArray window_geometry() const;
    void set_window_geometry(const QByteArray& geometry);
    QByteArray window_state() const;
    void set_window_state(const QByteArray& state);

    bool high_contrast() const;
    void set_high_contrast(bool on);
    double presenter_scale() const;
    void set_presenter_scale(double scale);
    // How feature maps are coloured (robust or full range, per map or per layer).
    MapRangeChoice map_range() const;
    void set_map_range(const MapRangeChoice& choice);
    int playback_speed() const;  // steps per second
    void set_playback_speed(int steps_per_second);

    static constexpr int max_recent_files = 10;

  private:
    QSettings settings_;
};

}  // namespace cs::core
