#pragma once
// How a photo becomes a model's input (engine/model/preprocess.hpp): resize the shorter side,
// crop the centre, scale, mean and standard deviation per channel (with torchvision's ImageNet
// values one click away), RGB or BGR, one or three channels. The Model tab saves the choice
// with the model in the recent list.
#include <QDialog>

#include <array>

#include "engine/model/preprocess.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace cs::gui {

class PreprocessDialog : public QDialog {
    Q_OBJECT
  public:
    // `model_input`: the model's (C, H, W), for the defaults and the hint.
    PreprocessDialog(const Preprocess& preprocess, const Shape& model_input,
                     QWidget* parent = nullptr);

    Preprocess preprocess() const;
    void set_preprocess(const Preprocess& preprocess);
    QPushButton* imagenet_button() const { return imagenet_; }
    QPushButton* default_button() const { return defaults_; }
    QSpinBox* resize_box() const { return resize_; }

  private:
    Shape model_input_;
    QSpinBox* resize_ = nullptr;
    QSpinBox* crop_h_ = nullptr;
    QSpinBox* crop_w_ = nullptr;
    QComboBox* scale_ = nullptr;
    std::array<QDoubleSpinBox*, 3> mean_{};
    std::array<QDoubleSpinBox*, 3> std_{};
    QComboBox* order_ = nullptr;
    QComboBox* channels_ = nullptr;
    QPushButton* imagenet_ = nullptr;
    QPushButton* defaults_ = nullptr;
};

}  // namespace cs::gui
