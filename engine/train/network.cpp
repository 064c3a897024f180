#include "engine/train/network.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"
#include "engine/graph/graph.hpp"
#include "engine/ops/softmax.hpp"
#include "engine/parallel.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/random.hpp"

namespace cs {

namespace {

// Pcg32 stream of the initial weights (training shuffles use other streams).
constexpr uint64_t init_stream = 0;

int64_t chunk_count(int64_t n) {
    return (n + chunk_size - 1) / chunk_size;
}

// Rows of logits (N, classes) whose largest entry (the first, on ties) is the label.
int64_t count_correct(const Tensor& logits, const std::vector<int64_t>& labels) {
    const int64_t classes = logits.size(1);
    int64_t correct = 0;
    for (int64_t i = 0; i < logits.size(0); ++i) {
        const float* z = logits.data() + i * classes;
        correct += std::max_element(z, z + classes) - z == labels[static_cast<size_t>(i)] ? 1 : 0;
    }
    return correct;
}

}  // namespace

Network::Network(NetworkSpec spec) : spec_(std::move(spec)), infos_(describe_network(spec_)) {
    require(!infos_.empty() && infos_.back().output_shape.size() == 1,
            "a classification network must end with a flat output (a linear layer), but it "
            "ends with shape " +
                shape_string(infos_.empty() ? spec_.input : infos_.back().output_shape));
    for (const LayerInfo& info : infos_) {
        const std::string prefix = std::to_string(info.index) + ".";
        weight_index_.push_back(info.weight_shape.empty() ? -1
                                                          : static_cast<int64_t>(params_.size()));
        if (!info.weight_shape.empty()) {
            params_.push_back(
                {prefix + "weight", Tensor(info.weight_shape), Tensor(info.weight_shape)});
        }
        bias_index_.push_back(info.bias_shape.empty() ? -1 : static_cast<int64_t>(params_.size()));
        if (!info.bias_shape.empty()) {
            params_.push_back({prefix + "bias", Tensor(info.bias_shape), Tensor(info.bias_shape)});
        }
    }
}

Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

Network::Network(const Network& other)
    : spec_(other.spec_),
      infos_(other.infos_),
      params_(other.params_),
      weight_index_(other.weight_index_),
      bias_index_(other.bias_index_) {}

Network& Network::operator=(const Network& other) {
    if (this != &other) {
        Network copy(other);
        *this = std::move(copy);
    }
    return *this;
}

void Network::initialize(const InitConfig& init) {
    Pcg32 rng(init.seed, init_stream);
    for (size_t i = 0; i < infos_.size(); ++i) {
        if (weight_index_[i] < 0) {
            continue;
        }
        Tensor& weight = params_[static_cast<size_t>(weight_index_[i])].value;
        init_weight(weight, init.weight, rng);
        if (bias_index_[i] >= 0) {
            init_bias(params_[static_cast<size_t>(bias_index_[i])].value, fans_of(weight.shape()),
                      init.bias, rng);
        }
    }
}

int64_t Network::class_count() const {
    return infos_.back().output_shape[0];
}

int64_t Network::weight_index(int64_t layer) const {
    return weight_index_.at(static_cast<size_t>(layer));
}

int64_t Network::bias_index(int64_t layer) const {
    return bias_index_.at(static_cast<size_t>(layer));
}

void Network::load_parameters(const std::vector<NamedTensor>& tensors) {
    require(tensors.size() == params_.size(), "the weights hold " + std::to_string(tensors.size()) +
                                                  " tensors, but the network has " +
                                                  std::to_string(params_.size()) + " parameters");
    for (size_t k = 0; k < params_.size(); ++k) {
        require(tensors[k].name == params_[k].name,
                "weights tensor " + std::to_string(k) + " is named " + tensors[k].name +
                    ", but the network expects " + params_[k].name);
        require(tensors[k].tensor.shape() == params_[k].value.shape(),
                "weights tensor " + tensors[k].name + " has shape " +
                    shape_string(tensors[k].tensor.shape()) + ", but the network expects " +
                    shape_string(params_[k].value.shape()));
    }
    for (size_t k = 0; k < params_.size(); ++k) {
        params_[k].value = tensors[k].tensor;
    }
}

std::vector<NamedTensor> Network::named_parameters() const {
    std::vector<NamedTensor> out;
    for (const Parameter& p : params_) {
        out.push_back({p.name, p.value});
    }
    return out;
}

void Network::check_batch(const Tensor& batch) const {
    Shape want = spec_.input;
    want.insert(want.begin(), batch.dim() > 0 ? batch.size(0) : 0);
    require(batch.shape() == want && batch.size(0) > 0,
            "the network takes a batch of shape (N, " +
                shape_string(spec_.input).substr(1, shape_string(spec_.input).size() - 2) +
                ") with N ≥ 1, got " + shape_string(batch.shape()));
}

void Network::check_labels(const std::vector<int64_t>& labels, int64_t n) const {
    require(static_cast<int64_t>(labels.size()) == n, "a batch of " + std::to_string(n) +
                                                          " examples needs as many labels, got " +
                                                          std::to_string(labels.size()));
    const int64_t classes = class_count();
    for (int64_t y : labels) {
        require(y >= 0 && y < classes, "label " + std::to_string(y) + " is outside the " +
                                           std::to_string(classes) + " classes of the network");
    }
}

BatchResult Network::compute_gradients(const Tensor& batch, const std::vector<int64_t>& labels) {
    check_batch(batch);
    check_labels(labels, batch.size(0));
    Graph graph = graph_of(*this);
    return classifier_gradients(graph, batch, labels, params_, 0);
}

namespace {

// Layer `layer`'s outputs of all chunks, one after the other, as one batch tensor.
Tensor stitch(const std::vector<std::vector<Tensor>>& chunks, size_t layer, int64_t n) {
    Shape shape = chunks[0][layer].shape();
    shape[0] = n;
    Tensor out = Tensor::uninitialized(shape);
    float* dst = out.data();
    for (const std::vector<Tensor>& outputs : chunks) {
        const Tensor& part = outputs[layer];
        dst = std::copy(part.data(), part.data() + part.numel(), dst);
    }
    return out;
}

}  // namespace

std::vector<std::vector<Tensor>> Network::forward_chunks(const Tensor& batch) const {
    check_batch(batch);
    const int64_t n = batch.size(0);
    const Graph graph = graph_of(*this);
    std::vector<std::vector<Tensor>> chunks(static_cast<size_t>(chunk_count(n)));
    parallel_for(
        0, static_cast<int64_t>(chunks.size()),
        [&](int64_t first, int64_t last) {
            for (int64_t c = first; c < last; ++c) {
                const int64_t begin = c * chunk_size;
                GraphRun run =
                    graph.run(slice_examples(batch, begin, std::min(chunk_size, n - begin)));
                std::vector<Tensor>& outputs = chunks[static_cast<size_t>(c)];
                for (OpResult& result : run.results) {  // node i is layer i
                    outputs.push_back(std::move(result.output));
                }
            }
        },
        1);
    return chunks;
}

std::vector<Tensor> Network::forward_all(const Tensor& batch) const {
    const std::vector<std::vector<Tensor>> chunks = forward_chunks(batch);
    std::vector<Tensor> outputs;
    for (size_t i = 0; i < spec_.layers.size(); ++i) {
        outputs.push_back(stitch(chunks, i, batch.size(0)));
    }
    return outputs;
}

Tensor Network::forward(const Tensor& batch) const {
    return stitch(forward_chunks(batch), spec_.layers.size() - 1, batch.size(0));
}

Tensor Network::probabilities(const Tensor& batch) const {
    return softmax_forward(forward(batch), {.dim = 1});
}

BatchResult Network::evaluate(const Tensor& batch, const std::vector<int64_t>& labels) const {
    const Tensor logits = forward(batch);
    check_labels(labels, logits.size(0));
    BatchResult result;
    result.count = logits.size(0);
    result.loss = softmax_cross_entropy(logits, labels).loss;
    result.correct = count_correct(logits, labels);
    return result;
}

}  // namespace cs
