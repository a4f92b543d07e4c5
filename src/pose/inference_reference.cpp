// The reference executable: runs the whole graph with ops_reference.hpp and keeps the requested outputs.
#include <memory>
#include <utility>

#include "pose/inference.hpp"
#include "pose/ops_reference.hpp"

namespace physio::pose {
namespace {

class ReferenceInference final : public Inference {
 public:
  ReferenceInference(const Model& model, std::vector<int> wanted)
      : model_(model), wanted_(std::move(wanted)) {
    inputs_.reserve(model.inputs.size());
    for (int t : model.inputs)
      inputs_.emplace_back(model.tensors[static_cast<std::size_t>(t)].element_count());
    outputs_.resize(wanted_.size());
    for (std::size_t k = 0; k < wanted_.size(); ++k) {
      const Tensor& tensor = output_tensor(k);
      outputs_[k].assign(tensor.element_count(), 0.0f);
    }
  }

  BackendKind kind() const override { return BackendKind::kReference; }
  std::size_t input_count() const override { return inputs_.size(); }
  std::span<float> input(std::size_t i) override { return inputs_.at(i); }

  Status run() override {
    auto all = PHYSIO_TRY(ref::run_model(model_, inputs_));
    for (std::size_t k = 0; k < wanted_.size(); ++k) {
      outputs_[k] = std::move(all[static_cast<std::size_t>(wanted_[k])]);
    }
    return {};
  }

  std::size_t output_count() const override { return outputs_.size(); }
  std::span<const float> output(std::size_t k) const override { return outputs_.at(k); }
  std::span<const std::int32_t> output_shape(std::size_t k) const override { return output_tensor(k).shape; }

 private:
  const Tensor& output_tensor(std::size_t k) const {
    const int index = model_.outputs[static_cast<std::size_t>(wanted_[k])];
    return model_.tensors[static_cast<std::size_t>(index)];
  }

  const Model& model_;
  std::vector<int> wanted_;
  std::vector<std::vector<float>> inputs_;
  std::vector<std::vector<float>> outputs_;
};

}  // namespace

std::string_view backend_name(BackendKind kind) {
  switch (kind) {
    case BackendKind::kAuto:
      return "auto";
    case BackendKind::kReference:
      return "reference";
    case BackendKind::kXnnpack:
      return "xnnpack";
  }
  return "?";
}

Result<std::vector<int>> resolve_requested_outputs(const Model& model, const std::vector<int>& requested) {
  std::vector<int> wanted = requested;
  if (wanted.empty()) {
    for (std::size_t i = 0; i < model.outputs.size(); ++i) wanted.push_back(static_cast<int>(i));
  }
  for (int k : wanted) {
    if (k < 0 || static_cast<std::size_t>(k) >= model.outputs.size()) {
      return fail(ErrorCode::kInvalidArgument, "requested output {} but the model has {} outputs", k,
                  model.outputs.size());
    }
  }
  return wanted;
}

Result<std::unique_ptr<Inference>> create_reference_inference(const Model& model,
                                                              const InferenceOptions& options) {
  auto wanted = PHYSIO_TRY(resolve_requested_outputs(model, options.outputs));
  return std::unique_ptr<Inference>(std::make_unique<ReferenceInference>(model, std::move(wanted)));
}

}  // namespace physio::pose
