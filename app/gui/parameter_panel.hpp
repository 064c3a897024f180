#pragma once
// The parameters of the current op: kernel size, stride, padding and padding mode, dilation,
// channels, groups, bias and flip. The output-size formula is shown live; an invalid
// combination shows the engine's message right here.
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

#include "engine/ops/op_schema.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class ParameterPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ParameterPanel(core::LessonController* controller, QWidget* parent = nullptr);

    QLabel* formula_label() const { return formula_; }
    QLabel* error_label() const { return error_; }
    QSpinBox* stride_h() const { return stride_h_; }
    QSpinBox* stride_w() const { return stride_w_; }
    QSpinBox* padding_h() const { return padding_h_; }
    QComboBox* op() const { return op_; }
    QSpinBox* kernel_rows() const { return kernel_rows_; }
    QSpinBox* kernel_cols() const { return kernel_cols_; }
    QSpinBox* output_padding_h() const { return output_padding_h_; }
    QCheckBox* ceil_mode() const { return ceil_mode_; }
    QComboBox* trace_view() const { return trace_view_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void build();
    void retranslate();
    void sync_from_lesson();
    void send_pair(const char* name, QSpinBox* h, QSpinBox* w);
    void send_padding();
    void show_rows_for(const std::string& op);
    static const std::vector<std::string>& row_params();
    void build_extra_rows(const std::string& op);
    void add_extra_row(const ParamSpec& spec);

    core::LessonController* controller_;
    QFormLayout* form_ = nullptr;
    QFormLayout* extra_form_ = nullptr;
    std::string extra_op_;
    std::vector<std::function<void()>> extra_refreshers_;
    QSpinBox* input_rows_ = nullptr;
    QSpinBox* input_cols_ = nullptr;
    QSpinBox* in_channels_ = nullptr;
    QSpinBox* out_channels_ = nullptr;
    QSpinBox* kernel_rows_ = nullptr;
    QSpinBox* kernel_cols_ = nullptr;
    QSpinBox* stride_h_ = nullptr;
    QSpinBox* stride_w_ = nullptr;
    QComboBox* padding_kind_ = nullptr;
    QSpinBox* padding_h_ = nullptr;
    QSpinBox* padding_w_ = nullptr;
    QComboBox* padding_mode_ = nullptr;
    QSpinBox* dilation_h_ = nullptr;
    QSpinBox* dilation_w_ = nullptr;
    QSpinBox* groups_ = nullptr;
    QCheckBox* bias_ = nullptr;
    QCheckBox* flip_ = nullptr;
    QComboBox* op_ = nullptr;
    QSpinBox* output_padding_h_ = nullptr;
    QSpinBox* output_padding_w_ = nullptr;
    QCheckBox* ceil_mode_ = nullptr;
    QCheckBox* count_include_pad_ = nullptr;
    QSpinBox* divisor_override_ = nullptr;
    QDoubleSpinBox* norm_type_ = nullptr;
    QDoubleSpinBox* negative_slope_ = nullptr;
    QComboBox* trace_view_ = nullptr;
    QLabel* formula_ = nullptr;
    QLabel* error_ = nullptr;
    std::vector<QLabel*> row_labels_;
    bool syncing_ = false;
};

}  // namespace cs::gui
