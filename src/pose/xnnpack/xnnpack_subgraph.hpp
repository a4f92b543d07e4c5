#pragma once
/// Translating a pose Model into an XNNPACK subgraph (Debian 12's XNNPACK, 2022 subgraph API).
///
/// Stage contract
///   input:   a Model (graph.hpp) and the tensors wanted as outputs. Only the operators feeding those
///            tensors are translated (graph_prune.hpp), so an unrequested head costs nothing.
///   output:  an XNNPACK subgraph whose external values are the graph inputs (ids 0..n_in-1, in
///            model.inputs order) and the wanted tensors (ids n_in.., one per distinct tensor, in
///            `output_tensor_ids` order). Convolution weights are static data pointing into the Model, which
///            must outlive the subgraph and every runtime made from it; constants read by element-wise
///            operators are copied into `owned_constants` with XNN_EXTRA_BYTES of slack (XNNPACK may read
///            past the end of those), which must outlive the runtime as well.
///   mapping: CONV_2D -> convolution_2d, DEPTHWISE_CONV_2D -> depthwise_convolution_2d (filter layouts are
///            TFLite's: OHWI and 1HWO), ADD -> add2 (NumPy broadcasting), PAD -> static_constant_pad,
///            RESHAPE -> static_reshape, RESIZE_BILINEAR -> static_resize_bilinear_2d (half-pixel centres
///            by default, ALIGN_CORNERS, or TENSORFLOW_LEGACY_MODE for neither), MAX_POOL_2D ->
///            max_pooling_2d, LOGISTIC -> sigmoid, DEPTH_TO_SPACE -> depth_to_space (DCR, as TFLite).
///            CONCATENATION has no node in this XNNPACK version: each input is zero-padded to the output
///            shape at its offset along the axis and the padded tensors are summed with add2, which is exact
///            (x + 0 == x; only the sign of a -0.0 is lost). SAME padding is turned into explicit paddings
///            with TFLite's rule (odd pixel after). Fused RELU / RELU6 / RELU_N1_TO_1 become the node's
///            output_min/output_max.
///   errors:  kUnsupported naming the operator index and kind for anything outside this mapping (TANH or
///            SIGN_BIT fused activations, grouped convolutions, align_corners together with half-pixel
///            centres, int32 data, ranks beyond 4); kInvalidArgument, also naming the operator, when shapes
///            disagree with each other or with the options (checked here, because XNNPACK trusts them);
///            kInternal when XNNPACK refuses a node it should accept. Never a crash.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <xnnpack.h>

#include "core/error.hpp"
#include "pose/graph.hpp"

namespace physio::pose::xnn {

struct SubgraphDeleter {
  void operator()(xnn_subgraph* s) const { xnn_delete_subgraph(s); }
};
using SubgraphPtr = std::unique_ptr<xnn_subgraph, SubgraphDeleter>;

struct BuiltSubgraph {
  SubgraphPtr subgraph;
  /// Distinct wanted tensors; their external value ids are model.inputs.size() + position.
  std::vector<int> output_tensor_ids;
  /// Padded copies of constants used by element-wise nodes (XNNPACK keeps pointers to them).
  std::vector<std::vector<float>> owned_constants;
  /// Model operators translated (after pruning), and XNNPACK nodes defined for them.
  std::size_t operators_translated = 0;
  std::size_t nodes_defined = 0;
};

/// XNNPACK's name for a status ("invalid parameter").
const char* status_name(xnn_status status);

/// Initialises XNNPACK once per process; later calls return the first outcome.
Status ensure_initialized();

/// Builds the subgraph computing `wanted_tensors` (indices into model.tensors) from the graph inputs.
Result<BuiltSubgraph> build_subgraph(const Model& model, std::span<const int> wanted_tensors);

}  // namespace physio::pose::xnn
