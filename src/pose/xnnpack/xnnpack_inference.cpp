// One XNNPACK runtime per executable. Buffers are fixed at creation, so xnn_setup_runtime runs once and
// run() is a single xnn_invoke_runtime.
#include "pose/xnnpack/xnnpack_inference.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <pthreadpool.h>
#include <xnnpack.h>

#include "pose/xnnpack/graph_prune.hpp"
#include "pose/xnnpack/xnnpack_subgraph.hpp"

namespace physio::pose {
namespace {

// One pthreadpool per thread count for the whole process, shared by every executable. Separate pools fight:
// after each node a pool's workers spin-wait, so running the detector and then the landmark model on two
// pools of 2 threads took 32-35 ms instead of about 12 ms, because the idle pool's spinning workers took the
// cores. pthreadpool serialises parallel calls with its own mutex, so sharing is safe across threads (calls
// from several threads then run one node at a time).
Result<std::shared_ptr<pthreadpool>> shared_pool(int threads) {
  static std::mutex mutex;
  static std::map<int, std::weak_ptr<pthreadpool>> pools;
  const std::lock_guard lock(mutex);
  std::weak_ptr<pthreadpool>& slot = pools[threads];
  if (std::shared_ptr<pthreadpool> pool = slot.lock()) return pool;
  pthreadpool_t raw = pthreadpool_create(static_cast<std::size_t>(threads));
  if (raw == nullptr) return fail(ErrorCode::kInternal, "pthreadpool_create({}) failed", threads);
  std::shared_ptr<pthreadpool> pool(raw, [](pthreadpool_t p) { pthreadpool_destroy(p); });
  slot = pool;
  return pool;
}
struct RuntimeDeleter {
  void operator()(xnn_runtime* r) const { xnn_delete_runtime(r); }
};

// Workers sleep once a run ends instead of spin-waiting for the next node, so that between inferences they
// leave the cores to the rest of the pipeline (crop, decode). Interleaved runs showed no latency cost.
constexpr std::uint32_t kRuntimeFlags = XNN_FLAG_YIELD_WORKERS;

// XNNPACK may read XNN_EXTRA_BYTES past the end of an input.
constexpr std::size_t kSlackFloats = (XNN_EXTRA_BYTES + sizeof(float) - 1) / sizeof(float);

class XnnpackInference final : public Inference {
 public:
  BackendKind kind() const override { return BackendKind::kXnnpack; }
  std::size_t input_count() const override { return inputs_.size(); }
  std::span<float> input(std::size_t i) override {
    return std::span<float>(inputs_.at(i)).first(input_sizes_.at(i));
  }

  Status run() override {
    if (const xnn_status s = xnn_invoke_runtime(runtime_.get()); s != xnn_status_success)
      return fail(ErrorCode::kInternal, "xnn_invoke_runtime failed ({})", xnn::status_name(s));
    return ok();
  }

  std::size_t output_count() const override { return output_slot_.size(); }
  std::span<const float> output(std::size_t k) const override { return outputs_.at(output_slot_.at(k)); }
  std::span<const std::int32_t> output_shape(std::size_t k) const override {
    return model_->tensors[static_cast<std::size_t>(output_tensor_.at(k))].shape;
  }

  static Result<std::unique_ptr<XnnpackInference>> create(const Model& model,
                                                          const InferenceOptions& options) {
    if (options.threads < 1)
      return fail(ErrorCode::kInvalidArgument, "threads must be at least 1, got {}", options.threads);
    const std::vector<int> wanted = PHYSIO_TRY(resolve_requested_outputs(model, options.outputs));
    const std::vector<int> tensors = output_tensors(model, wanted);
    xnn::BuiltSubgraph built = PHYSIO_TRY(xnn::build_subgraph(model, tensors));

    auto self = std::unique_ptr<XnnpackInference>(new XnnpackInference());
    self->model_ = &model;
    self->output_tensor_ = tensors;
    self->constants_ = std::move(built.owned_constants);
    self->info_.operators_total = model.operators.size();
    self->info_.operators_translated = built.operators_translated;
    self->info_.nodes_defined = built.nodes_defined;
    self->info_.threads = options.threads;
    if (options.threads > 1) self->pool_ = PHYSIO_TRY(shared_pool(options.threads));
    xnn_runtime_t runtime = nullptr;
    if (const xnn_status s =
            xnn_create_runtime_v2(built.subgraph.get(), self->pool_.get(), kRuntimeFlags, &runtime);
        s != xnn_status_success)
      return fail(ErrorCode::kInternal, "xnn_create_runtime_v2 failed ({})", xnn::status_name(s));
    self->runtime_.reset(runtime);

    // External values: inputs 0..n_in-1, then the distinct wanted tensors.
    std::vector<xnn_external_value> externals;
    for (int t : model.inputs) {
      const std::size_t n = model.tensors[static_cast<std::size_t>(t)].element_count();
      self->input_sizes_.push_back(n);
      self->inputs_.emplace_back(n + kSlackFloats, 0.0f);
    }
    for (std::size_t i = 0; i < self->inputs_.size(); ++i)
      externals.push_back({static_cast<std::uint32_t>(i), self->inputs_[i].data()});
    for (std::size_t j = 0; j < built.output_tensor_ids.size(); ++j) {
      const int t = built.output_tensor_ids[j];
      self->outputs_.emplace_back(model.tensors[static_cast<std::size_t>(t)].element_count(), 0.0f);
    }
    for (std::size_t j = 0; j < self->outputs_.size(); ++j)
      externals.push_back({static_cast<std::uint32_t>(model.inputs.size() + j), self->outputs_[j].data()});
    for (int t : tensors) {
      std::size_t slot = 0;
      while (built.output_tensor_ids[slot] != t) ++slot;
      self->output_slot_.push_back(slot);
    }
    if (const xnn_status s = xnn_setup_runtime(self->runtime_.get(), externals.size(), externals.data());
        s != xnn_status_success)
      return fail(ErrorCode::kInternal, "xnn_setup_runtime failed ({})", xnn::status_name(s));
    return self;
  }

  const XnnpackPlanInfo& info() const { return info_; }

 private:
  XnnpackInference() = default;

  const Model* model_ = nullptr;
  std::vector<int> output_tensor_;        // [requested] tensor index of output(k)
  std::vector<std::size_t> output_slot_;  // [requested] index into outputs_
  std::vector<std::size_t> input_sizes_;
  std::vector<std::vector<float>> inputs_;     // [n_in][count + slack]
  std::vector<std::vector<float>> outputs_;    // [distinct outputs][count]
  std::vector<std::vector<float>> constants_;  // static data of element-wise nodes
  XnnpackPlanInfo info_;
  // Declared last: the runtime goes first, then the pool it runs on.
  std::shared_ptr<pthreadpool> pool_;
  std::unique_ptr<xnn_runtime, RuntimeDeleter> runtime_;
};

}  // namespace

Result<std::unique_ptr<Inference>> create_xnnpack_inference(const Model& model,
                                                            const InferenceOptions& options) {
  auto inference = PHYSIO_TRY(XnnpackInference::create(model, options));
  return std::unique_ptr<Inference>(std::move(inference));
}

const XnnpackPlanInfo* xnnpack_plan_info(const Inference& inference) {
  const auto* x = dynamic_cast<const XnnpackInference*>(&inference);
  return x == nullptr ? nullptr : &x->info();
}

}  // namespace physio::pose
