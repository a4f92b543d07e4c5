#pragma once
/// The XNNPACK executable of a pose Model (inference.hpp's BackendKind::kXnnpack).
///
/// Stage contract
///   input:   a loaded Model (it must outlive the executable: convolution weights are read from it when
///            XNNPACK packs them, constants of other nodes are copied), InferenceOptions: `outputs` selects
///            and orders the graph outputs (empty = all), `threads` the pthreadpool size (1 = the calling
///            thread, no pool).
///   output:  an Inference whose run() invokes one XNNPACK runtime. Only the operators feeding the requested
///            outputs are translated (graph_prune.hpp), so leaving out BlazePose's segmentation output skips
///            its decoder. Input and output buffers are allocated once and bound to the runtime at creation.
///   errors:  kInvalidArgument for threads < 1 or a bad output index; kUnsupported naming the operator index
///            and kind for what XNNPACK cannot express (xnnpack_subgraph.hpp); kInternal when XNNPACK fails
///            to create or run the runtime (out of memory).
///   numerics: XNNPACK's f32 kernels: same arithmetic as the reference up to summation order and FMA
///            contraction, a polynomial sigmoid (~1e-7 relative); parity tests bound the difference.

#include <cstddef>
#include <memory>

#include "core/error.hpp"
#include "pose/graph.hpp"
#include "pose/inference.hpp"

namespace physio::pose {

/// What the XNNPACK executable was built from (for tests, logs and benchmarks).
struct XnnpackPlanInfo {
  std::size_t operators_total = 0;       ///< operators in the model
  std::size_t operators_translated = 0;  ///< after pruning to the requested outputs
  std::size_t nodes_defined = 0;         ///< XNNPACK nodes (a CONCATENATION takes several)
  int threads = 1;
};

/// Builds the XNNPACK executable for `model`, whatever `options.backend` says.
Result<std::unique_ptr<Inference>> create_xnnpack_inference(const Model& model,
                                                            const InferenceOptions& options);

/// The plan of an executable made by create_xnnpack_inference, or nullptr for another backend's.
const XnnpackPlanInfo* xnnpack_plan_info(const Inference& inference);

}  // namespace physio::pose
