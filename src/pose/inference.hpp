#pragma once
/// An executable model: the seam between the BlazePose pipeline and the kernels that run the network.
///
/// Stage contract
///   input:   a loaded `Model` (tflite_model.hpp) and which graph outputs are wanted. Unrequested outputs
///            (the segmentation head, say) may be pruned by a backend together with the operators feeding
///            only them.
///   use:     write each graph input into `input(i)` (flat NHWC fp32, sized to the model's input tensor),
///            call `run()`, read `output(k)` for the k-th *requested* output. Buffers stay valid and keep
///            their size until the next `run()` or destruction; an instance is not thread-safe (one per
///            pipeline), but several instances may share one `Model`'s weights read-only.
///   errors:  a backend that cannot run the model (unknown operator, unsupported option) fails in
///            `create_inference` with kUnsupported naming the operator; `run()` failures are kInternal.

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "pose/graph.hpp"

namespace physio::pose {

enum class BackendKind {
  kAuto,       ///< the fastest available (XNNPACK when built in, else the reference kernels)
  kReference,  ///< ops_reference.hpp: plain loops, the parity baseline
  kXnnpack,    ///< Debian 12's XNNPACK subgraph runtime
};

/// "auto", "reference", "xnnpack".
std::string_view backend_name(BackendKind kind);

struct InferenceOptions {
  BackendKind backend = BackendKind::kAuto;
  /// Worker threads for backends that use them (1 = the calling thread only).
  int threads = 1;
  /// Indices into `model.outputs` to compute, in the order `output(k)` returns them; empty = all.
  std::vector<int> outputs;
};

class Inference {
 public:
  virtual ~Inference() = default;
  Inference() = default;
  Inference(const Inference&) = delete;
  Inference& operator=(const Inference&) = delete;

  /// The backend actually used.
  virtual BackendKind kind() const = 0;
  /// Number of graph inputs.
  virtual std::size_t input_count() const = 0;
  /// Writable buffer of graph input `i`. // [element_count of model.inputs[i]]
  virtual std::span<float> input(std::size_t i) = 0;
  /// Runs the network on the current inputs.
  virtual Status run() = 0;
  /// Number of requested outputs.
  virtual std::size_t output_count() const = 0;
  /// Result of the k-th requested output after `run()`. // [element_count of that tensor]
  virtual std::span<const float> output(std::size_t k) const = 0;
  /// Shape of the k-th requested output.
  virtual std::span<const std::int32_t> output_shape(std::size_t k) const = 0;
};

/// Builds an executable for `model` (which must outlive the result).
Result<std::unique_ptr<Inference>> create_inference(const Model& model, const InferenceOptions& options);

/// Checks `requested` against the model's outputs; empty means all, in the model's order.
Result<std::vector<int>> resolve_requested_outputs(const Model& model, const std::vector<int>& requested);

/// The reference-kernel executable, whatever `options.backend` says (used by parity tests).
Result<std::unique_ptr<Inference>> create_reference_inference(const Model& model,
                                                              const InferenceOptions& options);

}  // namespace physio::pose
