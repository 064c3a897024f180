#include "app/core/training_data.hpp"

#include <utility>

#include "app/core/background.hpp"

namespace cs::core {

TrainingData::TrainingData(QObject* parent) : QObject(parent) {}

void TrainingData::load(const QString& dir) {
    if (loading_) {
        return;
    }
    loading_ = true;
    dir_ = dir;
    error_.clear();
    using Pair =
        std::pair<std::shared_ptr<const ImageDataset>, std::shared_ptr<const ImageDataset>>;
    const std::string path = dir.toStdString();
    run_in_background(
        this,
        [path] {
            auto train =
                std::make_shared<const ImageDataset>(load_fashion_mnist(Split::train, path));
            auto test = std::make_shared<const ImageDataset>(load_fashion_mnist(Split::test, path));
            return Pair{std::move(train), std::move(test)};
        },
        [this](std::optional<Pair> result, const QString& error) {
            loading_ = false;
            if (!result) {
                error_ = error;
                emit failed(error);
                return;
            }
            train_ = std::move(result->first);
            test_ = std::move(result->second);
            emit loaded();
        });
}

}  // namespace cs::core
