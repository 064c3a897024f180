#include "app/gui/preprocess_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cs::gui {
namespace {

QString shape_text(const Shape& shape) {
    QStringList parts;
    for (int64_t size : shape) {
        parts << QString::number(size);
    }
    return parts.join(" × ");
}

}  // namespace

PreprocessDialog::PreprocessDialog(const Preprocess& preprocess, const Shape& model_input,
                                   QWidget* parent)
    : QDialog(parent), model_input_(model_input) {
    setWindowTitle(tr("Preprocessing"));
    setObjectName("preprocess_dialog");
    auto* column = new QVBoxLayout(this);
    auto* hint = new QLabel(tr("The model expects an input of %1 (channels × height × width). "
                               "The photo is resized, cropped and normalised as below, as "
                               "torchvision's transforms do before a pretrained network.")
                                .arg(shape_text(model_input)),
                            this);
    hint->setWordWrap(true);
    column->addWidget(hint);
    auto* form = new QFormLayout;
    column->addLayout(form);

    resize_ = new QSpinBox(this);
    resize_->setRange(0, 4096);
    resize_->setSpecialValueText(tr("keep the size"));
    resize_->setSuffix(tr(" px"));
    form->addRow(tr("Resize the shorter side to"), resize_);

    auto* crop = new QHBoxLayout;
    crop_h_ = new QSpinBox(this);
    crop_w_ = new QSpinBox(this);
    for (QSpinBox* box : {crop_h_, crop_w_}) {
        box->setRange(0, 4096);
        box->setSpecialValueText(tr("no crop"));
    }
    crop->addWidget(crop_h_);
    crop->addWidget(new QLabel("×", this));
    crop->addWidget(crop_w_);
    crop->addStretch();
    form->addRow(tr("Centre crop (height × width)"), crop);

    scale_ = new QComboBox(this);
    scale_->addItem(tr("values in [0, 1]"), 1.0);
    scale_->addItem(tr("values in [0, 255]"), 255.0);
    form->addRow(tr("Scale"), scale_);

    for (auto* boxes : {&mean_, &std_}) {
        auto* row = new QHBoxLayout;
        for (QDoubleSpinBox*& box : *boxes) {
            box = new QDoubleSpinBox(this);
            box->setDecimals(3);
            box->setRange(boxes == &mean_ ? -1000.0 : 0.001, 1000.0);
            box->setSingleStep(0.01);
            row->addWidget(box);
        }
        form->addRow(boxes == &mean_ ? tr("Mean (per channel)") : tr("Standard deviation"), row);
    }

    order_ = new QComboBox(this);
    order_->addItem(tr("RGB"));
    order_->addItem(tr("BGR (models trained with OpenCV)"));
    form->addRow(tr("Channel order"), order_);
    channels_ = new QComboBox(this);
    channels_->addItem(tr("3 (colour)"), 3);
    channels_->addItem(tr("1 (gray)"), 1);
    form->addRow(tr("Channels"), channels_);

    auto* presets = new QHBoxLayout;
    imagenet_ = new QPushButton(tr("ImageNet"), this);
    imagenet_->setToolTip(
        tr("torchvision's ImageNet normalisation: mean 0.485, 0.456, 0.406; "
           "standard deviation 0.229, 0.224, 0.225"));
    defaults_ = new QPushButton(tr("Defaults for this model"), this);
    presets->addWidget(imagenet_);
    presets->addWidget(defaults_);
    presets->addStretch();
    column->addLayout(presets);
    connect(imagenet_, &QPushButton::clicked, this,
            [this] { set_preprocess(with_imagenet_normalisation(this->preprocess())); });
    connect(defaults_, &QPushButton::clicked, this,
            [this] { set_preprocess(default_preprocess(model_input_)); });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    column->addWidget(buttons);
    set_preprocess(preprocess);
}

void PreprocessDialog::set_preprocess(const Preprocess& p) {
    resize_->setValue(static_cast<int>(p.resize));
    crop_h_->setValue(static_cast<int>(p.crop_height));
    crop_w_->setValue(static_cast<int>(p.crop_width));
    scale_->setCurrentIndex(p.scale > 1.0 ? 1 : 0);
    for (size_t c = 0; c < 3; ++c) {
        mean_[c]->setValue(p.mean[c]);
        std_[c]->setValue(p.std[c]);
    }
    order_->setCurrentIndex(p.bgr ? 1 : 0);
    channels_->setCurrentIndex(p.channels == 1 ? 1 : 0);
}

Preprocess PreprocessDialog::preprocess() const {
    Preprocess p;
    p.resize = resize_->value();
    p.crop_height = crop_h_->value();
    p.crop_width = crop_w_->value();
    p.scale = scale_->currentData().toDouble();
    for (size_t c = 0; c < 3; ++c) {
        p.mean[c] = mean_[c]->value();
        p.std[c] = std_[c]->value();
    }
    p.bgr = order_->currentIndex() == 1;
    p.channels = channels_->currentData().toInt();
    return p;
}

}  // namespace cs::gui
