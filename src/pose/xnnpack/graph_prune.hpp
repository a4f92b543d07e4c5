#pragma once
/// Output pruning: which operators a set of wanted tensors depends on.
///
/// Stage contract
///   input:   a Model (operators in execution order, as graph.hpp guarantees) and the tensor indices whose
///            values are wanted (graph outputs, usually a subset of model.outputs).
///   output:  one flag per operator of model.operators, true when the operator feeds a wanted tensor
///            directly or through other operators. Operators feeding only unwanted outputs (BlazePose's
///            segmentation head) are false and need not run.
///   errors:  a wanted index outside model.tensors is kOutOfRange.

#include <span>
#include <vector>

#include "core/error.hpp"
#include "pose/graph.hpp"

namespace physio::pose {

/// [model.operators.size()] true where the operator is needed for `wanted_tensors`.
Result<std::vector<bool>> live_operators(const Model& model, std::span<const int> wanted_tensors);

/// The tensor indices of the requested outputs: `output_indices` index model.outputs.
std::vector<int> output_tensors(const Model& model, std::span<const int> output_indices);

}  // namespace physio::pose
