#include "pose/xnnpack/graph_cost.hpp"

namespace physio::pose {
namespace {

std::int64_t elements(const Tensor& t) {
  return static_cast<std::int64_t>(t.element_count());
}

const Tensor* tensor_at(const Model& model, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= model.tensors.size()) return nullptr;
  return &model.tensors[static_cast<std::size_t>(index)];
}

}  // namespace

GraphCost compute_graph_cost(const Model& model, const std::vector<bool>& live) {
  GraphCost cost;
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    if (!live.empty() && (i >= live.size() || !live[i])) continue;
    const Operator& op = model.operators[i];
    if (op.outputs.empty()) continue;
    const Tensor* out = tensor_at(model, op.outputs[0]);
    if (out == nullptr) continue;
    switch (op.code) {
      case OpCode::kConv2d:
      case OpCode::kDepthwiseConv2d: {
        const Tensor* filter = op.inputs.size() > 1 ? tensor_at(model, op.inputs[1]) : nullptr;
        if (filter == nullptr || filter->shape.size() != 4) break;
        // filter [oc, kh, kw, ic] for CONV_2D, [1, kh, kw, oc] for DEPTHWISE_CONV_2D.
        const std::int64_t taps = std::int64_t{filter->shape[1]} * filter->shape[2];
        if (op.code == OpCode::kConv2d)
          cost.conv_macs += elements(*out) * taps * filter->shape[3];
        else
          cost.depthwise_macs += elements(*out) * taps;
        break;
      }
      case OpCode::kAdd:
      case OpCode::kLogistic:
      case OpCode::kResizeBilinear:
      case OpCode::kMaxPool2d:
        cost.elementwise_outputs += elements(*out);
        break;
      case OpCode::kConcatenation:
      case OpCode::kDepthToSpace:
      case OpCode::kPad:
      case OpCode::kReshape:
        break;
    }
  }
  return cost;
}

}  // namespace physio::pose
