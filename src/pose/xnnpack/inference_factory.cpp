// Backend choice: kAuto runs XNNPACK, and falls back to the reference kernels only when XNNPACK reports the
// model unsupported (a fused TANH, say) or cannot initialise on this CPU; kind() tells which one ran.
#include <memory>

#include "pose/inference.hpp"
#include "pose/xnnpack/xnnpack_inference.hpp"

namespace physio::pose {

Result<std::unique_ptr<Inference>> create_inference(const Model& model, const InferenceOptions& options) {
  switch (options.backend) {
    case BackendKind::kReference:
      return create_reference_inference(model, options);
    case BackendKind::kXnnpack:
      return create_xnnpack_inference(model, options);
    case BackendKind::kAuto:
      break;
  }
  auto xnnpack = create_xnnpack_inference(model, options);
  if (xnnpack || xnnpack.error().code() != ErrorCode::kUnsupported) return xnnpack;
  return create_reference_inference(model, options);
}

}  // namespace physio::pose
