#include "engine/train/network.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"
#include "engine/ops/softmax.hpp"
#include "engine/parallel.hpp"
#include "engine/train/random.hpp"

namespace cs {

// Everything one chunk of a batch needs, kept between batches so that nothing is reallocated.
struct Network::Chunk {
    Tensor input;                 // (n, C, H, W): examples [begin, begin + n) of the batch
    std::vector<int64_t> labels;  // their classes
    std::vector<Tensor> acts;     // acts[i]: output of layer i
    std::vector<LayerWork> work;  // what each layer's backward pass needs
    std::vector<Tensor> grads;    // this chunk's share of every parameter's gradient
    double loss_sum = 0.0;        // Σ cross-entropy over the chunk's examples
    int64_t correct = 0;
};

namespace {

// Pcg32 stream of the initial weights (training shuffles use other streams).
constexpr uint64_t init_stream = 0;

int64_t chunk_count(int64_t n) {
    return (n + chunk_size - 1) / chunk_size;
}

// Copies examples [begin, begin + n) of `batch` into `out`, reusing its memory.
void slice_batch(const Tensor& batch, int64_t begin, int64_t n, Tensor& out) {
    Shape shape = batch.shape();
    shape[0] = n;
    const int64_t per_example = batch.numel() / batch.size(0);
    if (out.shape() != shape) {
        out = Tensor(shape);
    }
    std::copy(batch.data() + begin * per_example, batch.data() + (begin + n) * per_example,
              out.data());
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

LayerParams Network::layer_params(size_t layer) const {
    LayerParams p;
    if (weight_index_[layer] >= 0) {
        p.weight = &params_[static_cast<size_t>(weight_index_[layer])].value;
    }
    if (bias_index_[layer] >= 0) {
        p.bias = &params_[static_cast<size_t>(bias_index_[layer])].value;
    }
    return p;
}

void Network::forward_chunk(Chunk& chunk) const {
    const size_t n_layers = spec_.layers.size();
    chunk.acts.resize(n_layers);
    chunk.work.resize(n_layers);
    for (size_t i = 0; i < n_layers; ++i) {
        const Tensor& in = i == 0 ? chunk.input : chunk.acts[i - 1];
        chunk.acts[i] = layer_forward(spec_.layers[i], layer_params(i), in, chunk.work[i]);
    }
}

BatchResult Network::compute_gradients(const Tensor& batch, const std::vector<int64_t>& labels) {
    check_batch(batch);
    const int64_t n = batch.size(0);
    check_labels(labels, n);
    const int64_t chunks = chunk_count(n);
    while (static_cast<int64_t>(chunks_.size()) < chunks) {
        chunks_.push_back(std::make_unique<Chunk>());
    }
    parallel_for(0, chunks, [&](int64_t first, int64_t last) {
        for (int64_t c = first; c < last; ++c) {
            Chunk& chunk = *chunks_[static_cast<size_t>(c)];
            const int64_t begin = c * chunk_size;
            const int64_t count = std::min(chunk_size, n - begin);
            slice_batch(batch, begin, count, chunk.input);
            forward_chunk(chunk);

            // Softmax cross-entropy (the op) gives the mean over the chunk and its gradient
            // (softmax − onehot) / count; the batch mean needs / n, hence the factor count / n.
            const std::vector<int64_t> chunk_labels(labels.begin() + begin,
                                                    labels.begin() + begin + count);
            CrossEntropyResult ce = softmax_cross_entropy(chunk.acts.back(), chunk_labels);
            chunk.loss_sum = ce.loss * static_cast<double>(count);
            chunk.correct = count_correct(chunk.acts.back(), chunk_labels);
            Tensor grad = std::move(ce.grad_logits);
            const float share = static_cast<float>(count) / static_cast<float>(n);
            for (float& g : grad.values()) {
                g *= share;
            }

            chunk.grads.resize(params_.size());
            for (size_t k = 0; k < params_.size(); ++k) {
                if (chunk.grads[k].shape() != params_[k].value.shape()) {
                    chunk.grads[k] = Tensor(params_[k].value.shape());
                }
                std::fill(chunk.grads[k].values().begin(), chunk.grads[k].values().end(), 0.0f);
            }
            for (size_t i = spec_.layers.size(); i-- > 0;) {
                LayerGrads g;
                if (weight_index_[i] >= 0) {
                    g.weight = &chunk.grads[static_cast<size_t>(weight_index_[i])];
                }
                if (bias_index_[i] >= 0) {
                    g.bias = &chunk.grads[static_cast<size_t>(bias_index_[i])];
                }
                const Tensor& in = i == 0 ? chunk.input : chunk.acts[i - 1];
                grad = layer_backward(spec_.layers[i], layer_params(i), in, chunk.acts[i], grad,
                                      chunk.work[i], g, i > 0);
            }
        }
    });

    // Chunk gradients are added in chunk order, whatever thread computed them.
    BatchResult result;
    result.count = n;
    for (size_t k = 0; k < params_.size(); ++k) {
        Tensor& total = params_[k].grad;
        total = chunks_[0]->grads[k];
        for (int64_t c = 1; c < chunks; ++c) {
            const float* part = chunks_[static_cast<size_t>(c)]->grads[k].data();
            float* sum = total.data();
            for (int64_t i = 0; i < total.numel(); ++i) {
                sum[i] += part[i];
            }
        }
    }
    double loss_sum = 0.0;
    for (int64_t c = 0; c < chunks; ++c) {
        loss_sum += chunks_[static_cast<size_t>(c)]->loss_sum;
        result.correct += chunks_[static_cast<size_t>(c)]->correct;
    }
    result.loss = loss_sum / static_cast<double>(n);
    return result;
}

namespace {

// Layer `layer`'s outputs of all chunks, one after the other, as one batch tensor.
template <typename Chunks>
Tensor stitch(const Chunks& chunks, size_t layer, int64_t n) {
    Shape shape = chunks[0].acts[layer].shape();
    shape[0] = n;
    Tensor out(shape);
    float* dst = out.data();
    for (const auto& chunk : chunks) {
        const Tensor& part = chunk.acts[layer];
        dst = std::copy(part.data(), part.data() + part.numel(), dst);
    }
    return out;
}

}  // namespace

std::vector<Network::Chunk> Network::forward_chunks(const Tensor& batch) const {
    check_batch(batch);
    const int64_t n = batch.size(0);
    std::vector<Chunk> chunks(static_cast<size_t>(chunk_count(n)));
    parallel_for(0, static_cast<int64_t>(chunks.size()), [&](int64_t first, int64_t last) {
        for (int64_t c = first; c < last; ++c) {
            Chunk& chunk = chunks[static_cast<size_t>(c)];
            const int64_t begin = c * chunk_size;
            slice_batch(batch, begin, std::min(chunk_size, n - begin), chunk.input);
            forward_chunk(chunk);
        }
    });
    return chunks;
}

std::vector<Tensor> Network::forward_all(const Tensor& batch) const {
    const std::vector<Chunk> chunks = forward_chunks(batch);
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
