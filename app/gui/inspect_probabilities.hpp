#pragma once
// The softmax output as a horizontal bar chart with the class names (Qt Charts), the
// predicted class highlighted.
#include <QStringList>
#include <QWidget>

#include <vector>

class QBarSet;
class QChart;
class QBarCategoryAxis;

namespace cs::gui {

class InspectProbabilities : public QWidget {
    Q_OBJECT
  public:
    explicit InspectProbabilities(QWidget* parent = nullptr);
    void set_probabilities(const std::vector<float>& probabilities, const QStringList& classes);
    const std::vector<float>& probabilities() const { return values_; }
    void retranslate();

  private:
    QChart* chart_ = nullptr;
    QBarSet* bars_ = nullptr;
    QBarCategoryAxis* names_ = nullptr;
    std::vector<float> values_;
};

}  // namespace cs::gui
