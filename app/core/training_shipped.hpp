#pragma once
// The two LeNet lessons and their trained weights, compiled into the app (resources/lessons,
// resources/weights) so that the inspect view works on first start, before any training.
#include <QString>
#include <QStringList>

#include "engine/train/lesson.hpp"
#include "engine/train/weights_file.hpp"

namespace cs::core {

// "lenet_d2l", "lenet_modern": the names of the shipped training lessons, in menu order.
QStringList shipped_lesson_names();
// Throws cs::Error when the resource is missing or invalid.
cs::Lesson shipped_lesson(const QString& name);
WeightsFile shipped_weights(const QString& name);

// A training lesson ("format": "convscope-training-lesson", as the two LeNet lessons of the
// lesson list), on disk or a resource; anything unreadable is not one.
bool is_training_lesson_file(const QString& path);
// Throws cs::Error when the file cannot be read or is not a valid training lesson.
cs::Lesson read_training_lesson(const QString& path);

// Fashion-MNIST's class names in label order, in Chinese or English.
QStringList class_names(bool chinese);

}  // namespace cs::core
