// Walks the operator list backwards once: an operator is live when one of its outputs is needed, and then
// every tensor it reads becomes needed. Execution order is a topological order, so one pass suffices.
#include "pose/xnnpack/graph_prune.hpp"

namespace physio::pose {

Result<std::vector<bool>> live_operators(const Model& model, std::span<const int> wanted_tensors) {
  std::vector<bool> needed(model.tensors.size(), false);
  for (int t : wanted_tensors) {
    if (t < 0 || static_cast<std::size_t>(t) >= model.tensors.size())
      return fail(ErrorCode::kOutOfRange, "wanted tensor {} but the model has {} tensors", t,
                  model.tensors.size());
    needed[static_cast<std::size_t>(t)] = true;
  }
  std::vector<bool> live(model.operators.size(), false);
  for (std::size_t i = model.operators.size(); i-- > 0;) {
    const Operator& op = model.operators[i];
    bool feeds = false;
    for (int t : op.outputs)
      if (t >= 0 && static_cast<std::size_t>(t) < needed.size() && needed[static_cast<std::size_t>(t)])
        feeds = true;
    if (!feeds) continue;
    live[i] = true;
    for (int t : op.inputs)
      if (t >= 0 && static_cast<std::size_t>(t) < needed.size()) needed[static_cast<std::size_t>(t)] = true;
  }
  return live;
}

std::vector<int> output_tensors(const Model& model, std::span<const int> output_indices) {
  std::vector<int> tensors;
  tensors.reserve(output_indices.size());
  for (int k : output_indices) tensors.push_back(model.outputs[static_cast<std::size_t>(k)]);
  return tensors;
}

}  // namespace physio::pose
