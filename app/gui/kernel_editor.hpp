#pragma once
// Edit the kernel's weights cell by cell, one (output channel, input channel) slice at a time,
// or pick a preset: identity, blurs, sharpen, Laplacians, Sobel, Prewitt, Scharr, emboss, ...
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class KernelEditor : public QWidget {
    Q_OBJECT
  public:
    explicit KernelEditor(core::LessonController* controller, bool* chinese,
                          QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    // Why the last typed cell was refused ("nan" is not a finite number); empty when accepted.
    QLabel* message() const { return message_; }
    QComboBox* presets() const { return presets_; }
    // Applies the preset with this id ("random" for a random kernel).
    void apply_preset(const QString& id);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void sync_from_lesson();
    void show_matching_preset();
    void cell_edited(int row, int col);

    core::LessonController* controller_;
    bool* chinese_;
    QSpinBox* out_channel_ = nullptr;
    QSpinBox* in_channel_ = nullptr;
    QTableWidget* table_ = nullptr;
    QComboBox* presets_ = nullptr;
    QPushButton* apply_ = nullptr;
    QDoubleSpinBox* bias_ = nullptr;
    QLabel* slice_label_ = nullptr;
    QLabel* preset_label_ = nullptr;
    QLabel* bias_label_ = nullptr;
    QLabel* message_ = nullptr;
    bool syncing_ = false;
    unsigned random_seed_ = 1;
};

}  // namespace cs::gui
