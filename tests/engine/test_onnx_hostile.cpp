// Hostile ONNX files: each is refused with a cs::Error that says why, or opens with the bad part
// named in its problems; none crashes, reads outside the model, or allocates what a header
// claims. tests/fuzz/fuzz_onnx.cpp explores the same reader with libFuzzer.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "engine/error.hpp"
#include "engine/model/onnx_import.hpp"
#include "golden.hpp"

using namespace cs;
using Catch::Contains;

namespace {

std::string residual_bytes() {
    std::ifstream in(test::golden_dir() + "/onnx/residual.onnx", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

onnx::ModelProto residual() {
    onnx::ModelProto proto;
    REQUIRE(proto.ParseFromString(residual_bytes()));
    return proto;
}

// A model of `count` Relu nodes in a chain on a (1, 2, 2) input.
onnx::ModelProto relu_chain(int count) {
    onnx::ModelProto proto;
    proto.set_ir_version(7);
    proto.add_opset_import()->set_version(11);
    onnx::GraphProto& g = *proto.mutable_graph();
    g.set_name("chain");
    auto* input = g.add_input();
    input->set_name("x");
    auto* type = input->mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : {1, 1, 2, 2}) {
        type->mutable_shape()->add_dim()->set_dim_value(d);
    }
    std::string last = "x";
    for (int k = 0; k < count; ++k) {
        auto* node = g.add_node();
        node->set_op_type("Relu");
        node->add_input(last);
        last = "r" + std::to_string(k);
        node->add_output(last);
    }
    auto* output = g.add_output();
    output->set_name(last);
    *output->mutable_type() = input->type();
    return proto;
}

onnx::TensorProto* initializer(onnx::ModelProto& proto, const std::string& name) {
    for (auto& init : *proto.mutable_graph()->mutable_initializer()) {
        if (init.name() == name) {
            return &init;
        }
    }
    FAIL("no initializer " << name);
    return nullptr;
}

// What the importer makes of `proto`: its problems, or the message it was refused with.
std::string outcome(const onnx::ModelProto& proto) {
    try {
        const OnnxModel model = parse_onnx(proto.SerializeAsString(), "hostile.onnx");
        std::string problems;
        for (const std::string& p : model.problems) {
            problems += p + "\n";
        }
        return problems;
    } catch (const Error& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("onnx hostile: truncated and random bytes are refused with a message") {
    const std::string bytes = residual_bytes();
    for (size_t keep : {size_t{1}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
        INFO(keep);
        CHECK_THROWS_AS(parse_onnx(bytes.substr(0, keep), "cut.onnx"), Error);
    }
    std::mt19937 rng(5);
    for (int k = 0; k < 20; ++k) {
        std::string noise(static_cast<size_t>(rng() % 4096), '\0');
        for (char& c : noise) {
            c = static_cast<char>(rng());
        }
        CHECK_THROWS_AS(parse_onnx(noise, "noise.onnx"), Error);
    }
}

TEST_CASE("onnx hostile: a tensor declaring 2 GB of values is refused without allocating it") {
    onnx::ModelProto proto = residual();
    onnx::TensorProto* weight = initializer(proto, "fc.weight");
    weight->clear_dims();
    weight->add_dims(int64_t{1} << 29);  // 2 GB of floats, with the file's few hundred bytes
    CHECK_THAT(outcome(proto), Contains("holds more than") || Contains("raw data"));
    weight->clear_dims();
    weight->add_dims(int64_t{1} << 40);
    weight->add_dims(int64_t{1} << 40);  // a product that overflows 64 bits
    CHECK_THAT(outcome(proto), Contains("fc.weight"));
}

TEST_CASE("onnx hostile: external data is never read, inside the folder or outside it") {
    onnx::ModelProto proto = residual();
    onnx::TensorProto* weight = initializer(proto, "fc.weight");
    weight->clear_raw_data();
    weight->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* location = weight->add_external_data();
    location->set_key("location");
    location->set_value("../../../../etc/passwd");
    CHECK_THAT(outcome(proto), Contains("external"));
    location->set_value("weights.bin");
    CHECK_THAT(outcome(proto), Contains("external"));
}

TEST_CASE("onnx hostile: a cycle is refused") {
    onnx::ModelProto proto = relu_chain(2);
    auto& nodes = *proto.mutable_graph()->mutable_node();
    nodes[0].set_input(0, "r1");  // r0 = relu(r1), r1 = relu(r0)
    CHECK_THROWS_AS(parse_onnx(proto.SerializeAsString(), "cycle.onnx"), Error);
}

TEST_CASE("onnx hostile: a join of two shapes names its node and the rest still opens") {
    onnx::ModelProto proto = residual();
    for (auto& node : *proto.mutable_graph()->mutable_node()) {
        if (node.op_type() == "Add") {
            node.set_input(1, "image");  // 3 channels of 20×18 added to 8 channels of 6×5
        }
    }
    const OnnxModel model = parse_onnx(proto.SerializeAsString(), "mismatch.onnx");
    REQUIRE_FALSE(model.problems.empty());
    CHECK_THAT(model.problems.front(), Contains("(Add, opset 11)") && Contains("must match"));
    CHECK(model.graph.nodes().size() >= 3);
}

TEST_CASE("onnx hostile: 10,000 nodes are refused with the limit named") {
    CHECK_THAT(outcome(relu_chain(10000)), Contains("at most 4096 nodes"));
    const OnnxModel fits = parse_onnx(relu_chain(100).SerializeAsString(), "chain.onnx");
    CHECK(fits.graph.nodes().size() == 100);
}

TEST_CASE("onnx hostile: an input of a huge declared size is refused before running") {
    onnx::ModelProto proto = relu_chain(1);
    auto* shape = proto.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type();
    shape->mutable_shape()->mutable_dim(2)->set_dim_value(int64_t{1} << 40);
    CHECK_THROWS_AS(parse_onnx(proto.SerializeAsString(), "huge.onnx"), Error);
}
