#pragma once
// The .csw weights file: a trained network in one file, with its description (so `predict`
// needs nothing else), its parameters, the optimiser state and the training history (so that
// training can resume where it stopped). The byte layout is documented in
// docs/weights-format.md; in short:
//   magic (8 bytes) · version (uint32 LE) · header length (uint64 LE) · JSON header ·
//   float32 LE data of every tensor the header lists, in order · CRC-32 of all preceding bytes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/tensor.hpp"
#include "engine/train/lesson.hpp"

namespace cs {

constexpr uint32_t weights_format_version = 1;
// Files larger than this are refused before reading (LeNet's file is about 0.75 MB).
constexpr int64_t max_weights_file_bytes = 1LL << 30;

struct NamedTensor {
    std::string name;
    Tensor tensor;
};

struct WeightsFile {
    Lesson lesson;                        // network, init, optimiser, hyper-parameters
    std::vector<NamedTensor> parameters;  // "0.weight", "0.bias", … (torch state_dict names)
    int64_t optimizer_steps = 0;
    // "<parameter>.<buffer>", e.g. "0.weight.momentum_buffer", "0.weight.exp_avg"; empty for
    // plain SGD or before the first step.
    std::vector<NamedTensor> optimizer_state;
    // Free-form training record, e.g. {"epochs_done": 10, "history": [...]}.
    nlohmann::json progress = nlohmann::json::object();
};

// Writes to a temporary file beside `path`, then renames it, so that an interrupted write never
// leaves a half-written weights file behind. Throws cs::Error when the file cannot be written.
void write_weights_file(const std::string& path, const WeightsFile& weights);

// Throws cs::Error with a message naming the file and the problem for a missing, truncated or
// corrupt file (bad magic, unknown version, checksum mismatch, header and data disagreeing).
WeightsFile read_weights_file(const std::string& path);

// The same for bytes already in memory; `name` is used in messages.
WeightsFile parse_weights(const std::vector<uint8_t>& bytes, const std::string& name);
std::vector<uint8_t> serialize_weights(const WeightsFile& weights);

}  // namespace cs
