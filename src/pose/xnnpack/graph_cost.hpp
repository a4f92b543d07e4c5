#pragma once
/// Arithmetic cost of a Model, for benchmarks that report achieved FLOP/s.
///
/// Stage contract
///   input:   a Model and optionally a live-operator mask (graph_prune.hpp) to count only what runs.
///   output:  multiply-accumulates of the convolutions (CONV_2D: out_elements * kh * kw * in_c;
///            DEPTHWISE_CONV_2D: out_elements * kh * kw) and the element count of the other arithmetic
///            operators (ADD, LOGISTIC, RESIZE_BILINEAR, MAX_POOL_2D), which is memory-bound work.
///            FLOPs = 2 * MACs, the usual convention (one multiply and one add per MAC).
///   errors:  none; operators with malformed shapes count as zero.

#include <cstdint>
#include <vector>

#include "pose/graph.hpp"

namespace physio::pose {

struct GraphCost {
  std::int64_t conv_macs = 0;
  std::int64_t depthwise_macs = 0;
  /// Output elements of ADD, LOGISTIC, RESIZE_BILINEAR and MAX_POOL_2D.
  std::int64_t elementwise_outputs = 0;

  /// 2 * (conv_macs + depthwise_macs).
  double conv_flops() const { return 2.0 * static_cast<double>(conv_macs + depthwise_macs); }
};

/// Cost of the operators of `model` (those with live[i] when `live` is given and non-empty).
GraphCost compute_graph_cost(const Model& model, const std::vector<bool>& live = {});

}  // namespace physio::pose
