#include "engine/train/weights_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/safe_file.hpp"

namespace cs {
namespace {

// Like PNG's signature: a non-ASCII first byte, then a line ending of each kind and a ^Z, so
// that a file mangled by a text-mode transfer is detected at once.
constexpr uint8_t magic[8] = {0x89, 'C', 'S', 'W', '\r', '\n', 0x1A, '\n'};
constexpr size_t prefix_bytes = 8 + 4 + 8;  // magic, version, header length
constexpr size_t crc_bytes = 4;

void put_le(std::vector<uint8_t>& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

uint64_t get_le(const uint8_t* p, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) {
        v = (v << 8) | p[i];
    }
    return v;
}

uint32_t crc32_of(const uint8_t* data, size_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib's length argument is 32-bit: feed large buffers in pieces.
    while (size > 0) {
        const auto part = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
        crc = crc32(crc, data, part);
        data += part;
        size -= part;
    }
    return static_cast<uint32_t>(crc);
}

nlohmann::json tensor_entry(const NamedTensor& t) {
    return {{"name", t.name}, {"shape", t.tensor.shape()}};
}

void put_tensor_data(std::vector<uint8_t>& out, const Tensor& t) {
    for (float v : t.values()) {
        uint32_t bits = 0;
        std::memcpy(&bits, &v, 4);
        put_le(out, bits, 4);
    }
}

}  // namespace

std::vector<uint8_t> serialize_weights(const WeightsFile& weights) {
    nlohmann::json header;
    header["lesson"] = lesson_to_json(weights.lesson);
    header["parameters"] = nlohmann::json::array();
    for (const NamedTensor& t : weights.parameters) {
        header["parameters"].push_back(tensor_entry(t));
    }
    header["optimizer_steps"] = weights.optimizer_steps;
    header["optimizer_state"] = nlohmann::json::array();
    for (const NamedTensor& t : weights.optimizer_state) {
        header["optimizer_state"].push_back(tensor_entry(t));
    }
    header["progress"] = weights.progress;
    const std::string text = header.dump();

    std::vector<uint8_t> out(std::begin(magic), std::end(magic));
    put_le(out, weights_format_version, 4);
    put_le(out, text.size(), 8);
    out.insert(out.end(), text.begin(), text.end());
    for (const NamedTensor& t : weights.parameters) {
        put_tensor_data(out, t.tensor);
    }
    for (const NamedTensor& t : weights.optimizer_state) {
        put_tensor_data(out, t.tensor);
    }
    put_le(out, crc32_of(out.data(), out.size()), 4);
    return out;
}

void write_weights_file(const std::string& path, const WeightsFile& weights) {
    const std::vector<uint8_t> bytes = serialize_weights(weights);
    write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
        "the weights");
}

namespace {

// Reads the tensor list of the header and the data that follows, advancing `offset`.
std::vector<NamedTensor> read_tensors(const nlohmann::json& list, const std::vector<uint8_t>& bytes,
                                      size_t& offset, size_t data_end, const std::string& where) {
    require(list.is_array(), where + ": the header's tensor list is not a list");
    std::vector<NamedTensor> tensors;
    for (const auto& entry : list) {
        require(entry.is_object() && entry.contains("name") && entry.at("name").is_string() &&
                    entry.contains("shape") && entry.at("shape").is_array(),
                where + ": a tensor entry of the header lacks its name or shape");
        NamedTensor t;
        t.name = entry.at("name").get<std::string>();
        Shape shape;
        for (const auto& extent : entry.at("shape")) {
            require(
                extent.is_number_unsigned(),
                where + ": tensor " + t.name + " has an invalid shape " + entry.at("shape").dump());
            shape.push_back(extent.get<int64_t>());
        }
        // Check the size against the bytes that are really there before allocating anything.
        const int64_t count = shape_numel(shape);
        const auto needed = static_cast<size_t>(count) * 4;
        require(count <= static_cast<int64_t>(data_end) && offset + needed <= data_end,
                where + " is truncated or corrupt: tensor " + t.name + " " + shape_string(shape) +
                    " needs " + std::to_string(needed) + " bytes, but only " +
                    std::to_string(data_end - offset) + " remain");
        std::vector<float> values(static_cast<size_t>(count));
        for (size_t i = 0; i < values.size(); ++i) {
            const auto bits = static_cast<uint32_t>(get_le(bytes.data() + offset, 4));
            std::memcpy(&values[i], &bits, 4);
            offset += 4;
            // A NaN or infinite weight would turn every map and prediction into NaN silently.
            if (!std::isfinite(values[i])) {
                throw Error(where + ": tensor " + t.name + " holds " +
                            (std::isnan(values[i]) ? "NaN" : "infinity") + " at index " +
                            std::to_string(i) +
                            "; every stored value must be a finite number (was the training "
                            "diverging when it was saved?)");
            }
        }
        t.tensor = Tensor(std::move(shape), std::move(values));
        tensors.push_back(std::move(t));
    }
    return tensors;
}

}  // namespace

WeightsFile parse_weights(const std::vector<uint8_t>& bytes, const std::string& name) {
    const std::string where = "weights file " + name;
    require(bytes.size() >= prefix_bytes + crc_bytes,
            where + " is truncated: it has only " + std::to_string(bytes.size()) + " bytes");
    require(std::memcmp(bytes.data(), magic, sizeof magic) == 0,
            where + " is not a ConvScope weights file (wrong signature at the start)");
    const auto version = static_cast<uint32_t>(get_le(bytes.data() + 8, 4));
    require(version == weights_format_version,
            where + " has format version " + std::to_string(version) + "; this ConvScope reads " +
                "version " + std::to_string(weights_format_version));
    const uint64_t header_length = get_le(bytes.data() + 12, 8);
    const size_t data_end = bytes.size() - crc_bytes;
    require(header_length <= data_end - prefix_bytes,
            where + " is truncated or corrupt: its header claims " + std::to_string(header_length) +
                " bytes, more than the file holds");
    const auto stored_crc = static_cast<uint32_t>(get_le(bytes.data() + data_end, 4));
    require(crc32_of(bytes.data(), data_end) == stored_crc,
            where + " is corrupt or truncated: its checksum does not match its contents");

    nlohmann::json header;
    try {
        header = parse_json_limited(
            std::string_view(reinterpret_cast<const char*>(bytes.data()) + prefix_bytes,
                             header_length),
            where + "'s header");
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: "1e999"
        throw Error(where + " has a corrupt header: " + e.what());
    }
    require(header.is_object() && header.contains("lesson") && header.contains("parameters"),
            where + ": the header lacks the network description or the parameter list");
    WeightsFile weights;
    try {
        weights.lesson = lesson_from_json(header.at("lesson"));
    } catch (const Error& e) {
        throw Error(where + ": the network description inside is invalid: " + e.what());
    }
    size_t offset = prefix_bytes + header_length;
    weights.parameters = read_tensors(header.at("parameters"), bytes, offset, data_end, where);
    if (header.contains("optimizer_state")) {
        weights.optimizer_state =
            read_tensors(header.at("optimizer_state"), bytes, offset, data_end, where);
    }
    require(offset == data_end, where + " has " + std::to_string(data_end - offset) +
                                    " bytes of data that its header does not describe");
    if (header.contains("optimizer_steps")) {
        require(header.at("optimizer_steps").is_number_unsigned(),
                where + ": optimizer_steps must be a whole number ≥ 0");
        weights.optimizer_steps = header.at("optimizer_steps").get<int64_t>();
    }
    if (header.contains("progress")) {
        weights.progress = header.at("progress");
    }
    return weights;
}

WeightsFile read_weights_file(const std::string& path) {
    return parse_weights(read_regular_file(path, max_weights_file_bytes, "the weights file"), path);
}

}  // namespace cs
