// Operator-by-operator translation into XNNPACK subgraph nodes. Every shape is checked here against the
// operator's options before XNNPACK sees it: XNNPACK validates ranks and counts but trusts geometry, and a
// wrong output size there would be a heap overflow at run time rather than an error.
#include "pose/xnnpack/xnnpack_subgraph.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>

#include "pose/ops_reference.hpp"
#include "pose/xnnpack/graph_prune.hpp"

namespace physio::pose::xnn {
namespace {

constexpr std::size_t kMaxRank = 4;
// Floats of slack after constants that element-wise kernels may over-read.
constexpr std::size_t kSlackFloats = (XNN_EXTRA_BYTES + sizeof(float) - 1) / sizeof(float);

struct Range {
  float min;
  float max;
};

Result<Range> activation_range(Activation a) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  switch (a) {
    case Activation::kNone:
      return Range{-kInf, kInf};
    case Activation::kRelu:
      return Range{0.0f, kInf};
    case Activation::kRelu6:
      return Range{0.0f, 6.0f};
    case Activation::kReluN1To1:
      return Range{-1.0f, 1.0f};
    case Activation::kTanh:
    case Activation::kSignBit:
      break;
  }
  return fail(ErrorCode::kUnsupported,
              "fused activation {} has no XNNPACK equivalent (supported: NONE, RELU, RELU6, RELU_N1_TO_1)",
              activation_name(a));
}

// Explicit TFLite padding of one spatial axis: before, after, output size.
struct AxisPad {
  std::uint32_t before = 0;
  std::uint32_t after = 0;
  int out = 0;
};

AxisPad axis_pad(Padding padding, int in, int kernel, int stride, int dilation) {
  const ref::AxisGeometry g = ref::axis_geometry(padding, in, kernel, stride, dilation);
  AxisPad p;
  p.out = g.out;
  if (padding == Padding::kSame) {
    const int effective = (kernel - 1) * dilation + 1;
    const int total = std::max((g.out - 1) * stride + effective - in, 0);
    p.before = static_cast<std::uint32_t>(g.pad_before);
    p.after = static_cast<std::uint32_t>(total - g.pad_before);
  }
  return p;
}

template <typename T>
Result<const T*> options_of(const Operator& op) {
  const T* o = std::get_if<T>(&op.options);
  if (o == nullptr)
    return fail(ErrorCode::kInvalidArgument, "operator options are missing or of another kind");
  return o;
}

std::string shape_string(std::span<const std::int32_t> shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

class Translator {
 public:
  Translator(const Model& model, xnn_subgraph_t subgraph, BuiltSubgraph& built)
      : model_(model),
        subgraph_(subgraph),
        built_(built),
        values_(model.tensors.size(), XNN_INVALID_VALUE_ID),
        weights_(model.tensors.size(), XNN_INVALID_VALUE_ID) {}

  // External values: graph inputs first, then the distinct wanted tensors.
  Status define_externals() {
    std::uint32_t id = 0;
    for (int t : model_.inputs) {
      PHYSIO_CHECK(check_index(t));
      PHYSIO_CHECK(define(t, id++, XNN_VALUE_FLAG_EXTERNAL_INPUT));
    }
    for (int t : built_.output_tensor_ids) {
      if (values_[static_cast<std::size_t>(t)] != XNN_INVALID_VALUE_ID)
        return fail(ErrorCode::kUnsupported, "output '{}' is a graph input; nothing computes it",
                    model_.tensors[static_cast<std::size_t>(t)].name);
      PHYSIO_CHECK(define(t, id++, XNN_VALUE_FLAG_EXTERNAL_OUTPUT));
    }
    return ok();
  }

  Status translate(const Operator& op) {
    if (op.inputs.empty() || op.outputs.size() != 1)
      return fail(ErrorCode::kInvalidArgument, "{} inputs and {} outputs", op.inputs.size(),
                  op.outputs.size());
    // Only a convolution's bias (input 2) may be omitted.
    const bool conv = op.code == OpCode::kConv2d || op.code == OpCode::kDepthwiseConv2d;
    for (std::size_t k = 0; k < op.inputs.size(); ++k) {
      if (op.inputs[k] == kNoTensor && conv && k == 2) continue;
      if (op.inputs[k] == kNoTensor) return fail(ErrorCode::kInvalidArgument, "input {} is omitted", k);
      PHYSIO_CHECK(check_index(op.inputs[k]));
    }
    PHYSIO_CHECK(check_index(op.outputs[0]));
    switch (op.code) {
      case OpCode::kConv2d:
        return conv2d(op);
      case OpCode::kDepthwiseConv2d:
        return depthwise_conv2d(op);
      case OpCode::kAdd:
        return add(op);
      case OpCode::kPad:
        return pad(op);
      case OpCode::kReshape:
        return reshape(op);
      case OpCode::kResizeBilinear:
        return resize_bilinear(op);
      case OpCode::kMaxPool2d:
        return max_pool2d(op);
      case OpCode::kLogistic:
        return logistic(op);
      case OpCode::kDepthToSpace:
        return depth_to_space(op);
      case OpCode::kConcatenation:
        return concatenation(op);
    }
    return fail(ErrorCode::kUnsupported, "operator code {} is not translated", static_cast<int>(op.code));
  }

 private:
  const Tensor& tensor(int t) const { return model_.tensors[static_cast<std::size_t>(t)]; }

  Status check_index(int t) const {
    if (t < 0 || static_cast<std::size_t>(t) >= model_.tensors.size())
      return fail(ErrorCode::kInvalidArgument, "tensor index {} outside the model's {} tensors", t,
                  model_.tensors.size());
    return ok();
  }

  static Result<std::vector<std::size_t>> dims_of(const Tensor& t) {
    if (t.shape.size() > kMaxRank)
      return fail(ErrorCode::kUnsupported, "tensor '{}' has rank {}, at most {} is supported", t.name,
                  t.shape.size(), kMaxRank);
    std::vector<std::size_t> dims;
    for (std::int32_t d : t.shape) {
      if (d <= 0)
        return fail(ErrorCode::kInvalidArgument, "tensor '{}' has shape {}", t.name, shape_string(t.shape));
      dims.push_back(static_cast<std::size_t>(d));
    }
    return dims;
  }

  Status node(xnn_status status, std::string_view what) {
    if (status != xnn_status_success)
      return fail(ErrorCode::kUnsupported, "XNNPACK refused the {} node ({})", what, status_name(status));
    ++built_.nodes_defined;
    return ok();
  }

  Status define(int t, std::uint32_t external_id, std::uint32_t flags) {
    const Tensor& tensor_ref = tensor(t);
    if (tensor_ref.type != TensorType::kFloat32)
      return fail(ErrorCode::kUnsupported, "tensor '{}' is {}, only float32 activations are supported",
                  tensor_ref.name, tensor_type_name(tensor_ref.type));
    const auto dims = PHYSIO_TRY(dims_of(tensor_ref));
    std::uint32_t id = XNN_INVALID_VALUE_ID;
    PHYSIO_CHECK(node_value(xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                                    nullptr, external_id, flags, &id),
                            tensor_ref.name));
    values_[static_cast<std::size_t>(t)] = id;
    return ok();
  }

  static Status node_value(xnn_status status, std::string_view name) {
    if (status != xnn_status_success)
      return fail(ErrorCode::kUnsupported, "XNNPACK refused tensor '{}' ({})", name, status_name(status));
    return ok();
  }

  // A static float tensor over `data` (which must outlive the runtime).
  Result<std::uint32_t> define_static(const Tensor& t, const float* data) {
    const auto dims = PHYSIO_TRY(dims_of(t));
    std::uint32_t id = XNN_INVALID_VALUE_ID;
    PHYSIO_CHECK(node_value(xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                                    data, XNN_INVALID_VALUE_ID, 0, &id),
                            t.name));
    return id;
  }

  Status check_constant(const Tensor& t) const {
    if (t.type != TensorType::kFloat32)
      return fail(ErrorCode::kUnsupported, "constant '{}' is {}, only float32 is supported", t.name,
                  tensor_type_name(t.type));
    if (t.data.size() != t.element_count())
      return fail(ErrorCode::kInvalidArgument, "constant '{}' holds {} values for shape {}", t.name,
                  t.data.size(), shape_string(t.shape));
    return ok();
  }

  // A tensor read as data by a node. Constants are copied with slack (element-wise kernels over-read).
  Result<std::uint32_t> input_value(int t) {
    if (t == kNoTensor) return fail(ErrorCode::kInvalidArgument, "a required input is omitted");
    std::uint32_t& id = values_[static_cast<std::size_t>(t)];
    if (id != XNN_INVALID_VALUE_ID) return id;
    const Tensor& tensor_ref = tensor(t);
    if (!tensor_ref.constant)
      return fail(ErrorCode::kInvalidArgument, "tensor '{}' is read before any operator writes it",
                  tensor_ref.name);
    PHYSIO_CHECK(check_constant(tensor_ref));
    std::vector<float>& copy = built_.owned_constants.emplace_back(tensor_ref.data);
    copy.resize(copy.size() + kSlackFloats, 0.0f);
    id = PHYSIO_TRY(define_static(tensor_ref, copy.data()));
    return id;
  }

  // Convolution weights and biases: static, pointing into the Model (XNNPACK packs them at runtime creation).
  Result<std::uint32_t> weight_value(int t) {
    std::uint32_t& id = weights_[static_cast<std::size_t>(t)];
    if (id != XNN_INVALID_VALUE_ID) return id;
    const Tensor& tensor_ref = tensor(t);
    if (!tensor_ref.constant)
      return fail(ErrorCode::kUnsupported,
                  "weights '{}' are computed at run time; only constant weights are supported",
                  tensor_ref.name);
    PHYSIO_CHECK(check_constant(tensor_ref));
    id = PHYSIO_TRY(define_static(tensor_ref, tensor_ref.data.data()));
    return id;
  }

  // A zero bias of `n` values (this XNNPACK needs a bias tensor for convolutions).
  Result<std::uint32_t> zero_bias(std::size_t n) {
    const std::vector<float>& zeros = built_.owned_constants.emplace_back(n + kSlackFloats, 0.0f);
    std::uint32_t id = XNN_INVALID_VALUE_ID;
    PHYSIO_CHECK(node_value(xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, 1, &n, zeros.data(),
                                                    XNN_INVALID_VALUE_ID, 0, &id),
                            "zero bias"));
    return id;
  }

  Result<std::uint32_t> output_value(int t) {
    std::uint32_t id = values_[static_cast<std::size_t>(t)];
    if (id != XNN_INVALID_VALUE_ID) {
      // Already defined: an external output not yet written, or a second writer of the same tensor.
      if (written_.size() > static_cast<std::size_t>(t) && written_[static_cast<std::size_t>(t)])
        return fail(ErrorCode::kInvalidArgument, "tensor '{}' is written twice", tensor(t).name);
    } else {
      if (tensor(t).constant)
        return fail(ErrorCode::kInvalidArgument, "operator writes constant '{}'", tensor(t).name);
      PHYSIO_CHECK(define(t, XNN_INVALID_VALUE_ID, 0));
      id = values_[static_cast<std::size_t>(t)];
    }
    written_.resize(model_.tensors.size(), false);
    written_[static_cast<std::size_t>(t)] = true;
    return id;
  }

  Result<std::uint32_t> internal_value(std::span<const std::size_t> dims) {
    std::uint32_t id = XNN_INVALID_VALUE_ID;
    PHYSIO_CHECK(node_value(xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                                    nullptr, XNN_INVALID_VALUE_ID, 0, &id),
                            "intermediate"));
    return id;
  }

  static Status expect_shape(const Tensor& out, std::span<const std::int32_t> want) {
    if (!std::ranges::equal(out.shape, want))
      return fail(ErrorCode::kInvalidArgument, "output '{}' has shape {}, the inputs and options give {}",
                  out.name, shape_string(out.shape), shape_string(want));
    return ok();
  }

  static Status expect_rank(const Tensor& t, std::size_t rank, std::string_view role) {
    if (t.shape.size() != rank)
      return fail(ErrorCode::kInvalidArgument, "{} '{}' has shape {}, expected rank {}", role, t.name,
                  shape_string(t.shape), rank);
    return ok();
  }

  static Status check_window(int kh, int kw, int sh, int sw, int dh, int dw) {
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1)
      return fail(ErrorCode::kInvalidArgument,
                  "window {}x{}, stride {}x{}, dilation {}x{} must all be positive", kh, kw, sh, sw, dh, dw);
    return ok();
  }

  // Bias of a convolution: the model's constant, or zeros when the input is omitted.
  Result<std::uint32_t> bias_value(const Operator& op, std::int32_t channels) {
    if (op.inputs.size() < 3 || op.inputs[2] == kNoTensor)
      return zero_bias(static_cast<std::size_t>(channels));
    const Tensor& bias = tensor(op.inputs[2]);
    if (bias.element_count() != static_cast<std::size_t>(channels))
      return fail(ErrorCode::kInvalidArgument, "bias '{}' has {} values for {} output channels", bias.name,
                  bias.element_count(), channels);
    if (bias.shape.size() != 1) {
      // XNNPACK wants a 1-D bias; a [1, 1, 1, C] constant is defined over the same data as [C].
      Tensor flat;
      flat.name = bias.name;
      flat.shape = {channels};
      PHYSIO_CHECK(check_constant(bias));
      return define_static(flat, bias.data.data());
    }
    return weight_value(op.inputs[2]);
  }

  Status conv2d(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<Conv2dOptions>(op));
    if (op.inputs.size() < 2) return fail(ErrorCode::kInvalidArgument, "needs an input and a filter");
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& filter = tensor(op.inputs[1]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_rank(in, 4, "input"));
    PHYSIO_CHECK(expect_rank(filter, 4, "filter"));
    const int oc = filter.shape[0], kh = filter.shape[1], kw = filter.shape[2], ic = filter.shape[3];
    PHYSIO_CHECK(check_window(kh, kw, o->stride_h, o->stride_w, o->dilation_h, o->dilation_w));
    if (ic != in.shape[3])
      return fail(ErrorCode::kUnsupported, "filter depth {} for {} input channels (grouped convolution)", ic,
                  in.shape[3]);
    const AxisPad py = axis_pad(o->padding, in.shape[1], kh, o->stride_h, o->dilation_h);
    const AxisPad px = axis_pad(o->padding, in.shape[2], kw, o->stride_w, o->dilation_w);
    PHYSIO_CHECK(expect_shape(out, std::array{in.shape[0], py.out, px.out, oc}));
    const Range r = PHYSIO_TRY(activation_range(o->activation));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t w = PHYSIO_TRY(weight_value(op.inputs[1]));
    const std::uint32_t b = PHYSIO_TRY(bias_value(op, oc));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_convolution_2d(
                    subgraph_, py.before, px.after, py.after, px.before, static_cast<std::uint32_t>(kh),
                    static_cast<std::uint32_t>(kw), static_cast<std::uint32_t>(o->stride_h),
                    static_cast<std::uint32_t>(o->stride_w), static_cast<std::uint32_t>(o->dilation_h),
                    static_cast<std::uint32_t>(o->dilation_w), 1, static_cast<std::size_t>(ic),
                    static_cast<std::size_t>(oc), r.min, r.max, x, w, b, y, 0),
                "convolution_2d");
  }

  Status depthwise_conv2d(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<DepthwiseConv2dOptions>(op));
    if (op.inputs.size() < 2) return fail(ErrorCode::kInvalidArgument, "needs an input and a filter");
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& filter = tensor(op.inputs[1]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_rank(in, 4, "input"));
    PHYSIO_CHECK(expect_rank(filter, 4, "filter"));
    const int kh = filter.shape[1], kw = filter.shape[2], oc = filter.shape[3], ic = in.shape[3];
    PHYSIO_CHECK(check_window(kh, kw, o->stride_h, o->stride_w, o->dilation_h, o->dilation_w));
    if (filter.shape[0] != 1 || ic <= 0 || oc % ic != 0)
      return fail(ErrorCode::kInvalidArgument, "filter {} for {} input channels", shape_string(filter.shape),
                  ic);
    const int multiplier = oc / ic;
    if (o->depth_multiplier != 0 && o->depth_multiplier != multiplier)
      return fail(ErrorCode::kInvalidArgument, "depth multiplier {} but the shapes give {}",
                  o->depth_multiplier, multiplier);
    const AxisPad py = axis_pad(o->padding, in.shape[1], kh, o->stride_h, o->dilation_h);
    const AxisPad px = axis_pad(o->padding, in.shape[2], kw, o->stride_w, o->dilation_w);
    PHYSIO_CHECK(expect_shape(out, std::array{in.shape[0], py.out, px.out, oc}));
    const Range r = PHYSIO_TRY(activation_range(o->activation));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t w = PHYSIO_TRY(weight_value(op.inputs[1]));
    const std::uint32_t b = PHYSIO_TRY(bias_value(op, oc));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_depthwise_convolution_2d(
                    subgraph_, py.before, px.after, py.after, px.before, static_cast<std::uint32_t>(kh),
                    static_cast<std::uint32_t>(kw), static_cast<std::uint32_t>(o->stride_h),
                    static_cast<std::uint32_t>(o->stride_w), static_cast<std::uint32_t>(o->dilation_h),
                    static_cast<std::uint32_t>(o->dilation_w), static_cast<std::uint32_t>(multiplier),
                    static_cast<std::size_t>(ic), r.min, r.max, x, w, b, y, 0),
                "depthwise_convolution_2d");
  }

  Status add(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<AddOptions>(op));
    if (op.inputs.size() != 2) return fail(ErrorCode::kInvalidArgument, "needs two inputs");
    const Tensor& a = tensor(op.inputs[0]);
    const Tensor& b = tensor(op.inputs[1]);
    const Tensor& out = tensor(op.outputs[0]);
    // NumPy broadcasting, right-aligned.
    const std::size_t rank = std::max(a.shape.size(), b.shape.size());
    std::vector<std::int32_t> want(rank, 1);
    for (std::size_t d = 0; d < rank; ++d) {
      const std::int32_t da = d < rank - a.shape.size() ? 1 : a.shape[d - (rank - a.shape.size())];
      const std::int32_t db = d < rank - b.shape.size() ? 1 : b.shape[d - (rank - b.shape.size())];
      if (da != db && da != 1 && db != 1)
        return fail(ErrorCode::kInvalidArgument, "shapes {} and {} do not broadcast", shape_string(a.shape),
                    shape_string(b.shape));
      want[d] = std::max(da, db);
    }
    PHYSIO_CHECK(expect_shape(out, want));
    const Range r = PHYSIO_TRY(activation_range(o->activation));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t z = PHYSIO_TRY(input_value(op.inputs[1]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_add2(subgraph_, r.min, r.max, x, z, y, 0), "add2");
  }

  Status pad(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<PadOptions>(op));
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    if (o->paddings.size() != in.shape.size())
      return fail(ErrorCode::kInvalidArgument, "{} paddings for rank {}", o->paddings.size(),
                  in.shape.size());
    std::vector<std::size_t> before, after;
    std::vector<std::int32_t> want;
    for (std::size_t d = 0; d < in.shape.size(); ++d) {
      const auto [lo, hi] = o->paddings[d];
      if (lo < 0 || hi < 0)
        return fail(ErrorCode::kInvalidArgument, "negative padding {}/{} on dimension {}", lo, hi, d);
      before.push_back(static_cast<std::size_t>(lo));
      after.push_back(static_cast<std::size_t>(hi));
      want.push_back(in.shape[d] + lo + hi);
    }
    PHYSIO_CHECK(expect_shape(out, want));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_static_constant_pad(subgraph_, before.data(), after.data(), 0.0f, x, y, 0),
                "static_constant_pad");
  }

  Status reshape(const Operator& op) {
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    if (in.element_count() != out.element_count())
      return fail(ErrorCode::kInvalidArgument, "reshape of {} to {} changes the element count",
                  shape_string(in.shape), shape_string(out.shape));
    const auto dims = PHYSIO_TRY(dims_of(out));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_static_reshape(subgraph_, dims.size(), dims.data(), x, y, 0), "static_reshape");
  }

  Status resize_bilinear(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<ResizeBilinearOptions>(op));
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_rank(in, 4, "input"));
    if (o->out_h < 1 || o->out_w < 1)
      return fail(ErrorCode::kInvalidArgument, "output size {}x{}", o->out_h, o->out_w);
    PHYSIO_CHECK(expect_shape(out, std::array{in.shape[0], o->out_h, o->out_w, in.shape[3]}));
    std::uint32_t flags = 0;  // XNNPACK's default is TensorFlow 2's half-pixel centres.
    if (o->align_corners && o->half_pixel_centers)
      return fail(ErrorCode::kUnsupported, "align_corners together with half_pixel_centers");
    if (o->align_corners) flags = XNN_FLAG_ALIGN_CORNERS;
    if (!o->align_corners && !o->half_pixel_centers) flags = XNN_FLAG_TENSORFLOW_LEGACY_MODE;
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_static_resize_bilinear_2d(subgraph_, static_cast<std::size_t>(o->out_h),
                                                     static_cast<std::size_t>(o->out_w), x, y, flags),
                "static_resize_bilinear_2d");
  }

  Status max_pool2d(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<Pool2dOptions>(op));
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_rank(in, 4, "input"));
    PHYSIO_CHECK(check_window(o->filter_h, o->filter_w, o->stride_h, o->stride_w, 1, 1));
    if (o->filter_h * o->filter_w < 2)
      return fail(ErrorCode::kUnsupported, "a 1x1 pooling window (XNNPACK needs at least 2 elements)");
    const AxisPad py = axis_pad(o->padding, in.shape[1], o->filter_h, o->stride_h, 1);
    const AxisPad px = axis_pad(o->padding, in.shape[2], o->filter_w, o->stride_w, 1);
    PHYSIO_CHECK(expect_shape(out, std::array{in.shape[0], py.out, px.out, in.shape[3]}));
    const Range r = PHYSIO_TRY(activation_range(o->activation));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    // Padded cells never win: XNNPACK reads the nearest in-image pixel of the same window instead.
    return node(
        xnn_define_max_pooling_2d(
            subgraph_, py.before, px.after, py.after, px.before, static_cast<std::uint32_t>(o->filter_h),
            static_cast<std::uint32_t>(o->filter_w), static_cast<std::uint32_t>(o->stride_h),
            static_cast<std::uint32_t>(o->stride_w), 1, 1, r.min, r.max, x, y, 0),
        "max_pooling_2d");
  }

  Status logistic(const Operator& op) {
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_shape(out, in.shape));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_sigmoid(subgraph_, x, y, 0), "sigmoid");
  }

  Status depth_to_space(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<DepthToSpaceOptions>(op));
    const Tensor& in = tensor(op.inputs[0]);
    const Tensor& out = tensor(op.outputs[0]);
    PHYSIO_CHECK(expect_rank(in, 4, "input"));
    const int bs = o->block_size;
    if (bs < 2) return fail(ErrorCode::kUnsupported, "block size {} (XNNPACK needs at least 2)", bs);
    if (in.shape[3] % (bs * bs) != 0)
      return fail(ErrorCode::kInvalidArgument, "block size {} for {} channels", bs, in.shape[3]);
    PHYSIO_CHECK(expect_shape(
        out, std::array{in.shape[0], in.shape[1] * bs, in.shape[2] * bs, in.shape[3] / (bs * bs)}));
    const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    return node(xnn_define_depth_to_space(subgraph_, x, y, static_cast<std::uint32_t>(bs), 0),
                "depth_to_space");
  }

  // out = sum_i pad_i(input_i): each input zero-padded to the output shape at its offset along the axis.
  Status concatenation(const Operator& op) {
    const auto* o = PHYSIO_TRY(options_of<ConcatenationOptions>(op));
    const Tensor& out = tensor(op.outputs[0]);
    const std::size_t rank = out.shape.size();
    if (o->axis < 0 || static_cast<std::size_t>(o->axis) >= rank)
      return fail(ErrorCode::kInvalidArgument, "axis {} of rank {}", o->axis, rank);
    const auto axis = static_cast<std::size_t>(o->axis);
    std::int32_t total = 0;
    for (int t : op.inputs) {
      if (t == kNoTensor) return fail(ErrorCode::kInvalidArgument, "an input is omitted");
      const Tensor& in = tensor(t);
      if (in.shape.size() != rank)
        return fail(ErrorCode::kInvalidArgument, "input '{}' has shape {} for an output of shape {}", in.name,
                    shape_string(in.shape), shape_string(out.shape));
      for (std::size_t d = 0; d < rank; ++d)
        if (d != axis && in.shape[d] != out.shape[d])
          return fail(ErrorCode::kInvalidArgument, "input '{}' has shape {} for an output of shape {}",
                      in.name, shape_string(in.shape), shape_string(out.shape));
      total += in.shape[axis];
    }
    if (total != out.shape[axis])
      return fail(ErrorCode::kInvalidArgument, "inputs sum to {} along axis {}, output '{}' has {}", total,
                  axis, out.name, out.shape[axis]);
    const Range r = PHYSIO_TRY(activation_range(o->activation));
    const auto out_dims = PHYSIO_TRY(dims_of(out));
    const std::uint32_t y = PHYSIO_TRY(output_value(op.outputs[0]));
    if (op.inputs.size() == 1) {
      const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[0]));
      return node(xnn_define_clamp(subgraph_, r.min, r.max, x, y, 0), "clamp");
    }
    std::uint32_t sum = XNN_INVALID_VALUE_ID;
    std::size_t offset = 0;
    for (std::size_t i = 0; i < op.inputs.size(); ++i) {
      const Tensor& in = tensor(op.inputs[i]);
      std::vector<std::size_t> before(rank, 0), after(rank, 0);
      before[axis] = offset;
      offset += static_cast<std::size_t>(in.shape[axis]);
      after[axis] = out_dims[axis] - offset;
      const std::uint32_t x = PHYSIO_TRY(input_value(op.inputs[i]));
      const std::uint32_t padded = PHYSIO_TRY(internal_value(out_dims));
      PHYSIO_CHECK(
          node(xnn_define_static_constant_pad(subgraph_, before.data(), after.data(), 0.0f, x, padded, 0),
               "static_constant_pad (concatenation)"));
      if (i == 0) {
        sum = padded;
        continue;
      }
      const bool last = i + 1 == op.inputs.size();
      const std::uint32_t next = last ? y : PHYSIO_TRY(internal_value(out_dims));
      constexpr float kInf = std::numeric_limits<float>::infinity();
      PHYSIO_CHECK(
          node(xnn_define_add2(subgraph_, last ? r.min : -kInf, last ? r.max : kInf, sum, padded, next, 0),
               "add2 (concatenation)"));
      sum = next;
    }
    return ok();
  }

  const Model& model_;
  xnn_subgraph_t subgraph_;
  BuiltSubgraph& built_;
  std::vector<std::uint32_t> values_;   // [tensors] value id as activation/data, or invalid
  std::vector<std::uint32_t> weights_;  // [tensors] value id as static weights, or invalid
  std::vector<bool> written_;           // [tensors] an operator already produced it
};

}  // namespace

const char* status_name(xnn_status status) {
  switch (status) {
    case xnn_status_success:
      return "success";
    case xnn_status_uninitialized:
      return "uninitialized";
    case xnn_status_invalid_parameter:
      return "invalid parameter";
    case xnn_status_invalid_state:
      return "invalid state";
    case xnn_status_unsupported_parameter:
      return "unsupported parameter";
    case xnn_status_unsupported_hardware:
      return "unsupported hardware";
    case xnn_status_out_of_memory:
      return "out of memory";
  }
  return "unknown status";
}

Status ensure_initialized() {
  // xnn_initialize is idempotent and thread-safe; a function-local static keeps the first outcome.
  static const xnn_status status = xnn_initialize(nullptr);
  if (status != xnn_status_success)
    return fail(ErrorCode::kUnsupported,
                "XNNPACK did not initialise ({}); this CPU may lack the instructions it needs",
                status_name(status));
  return ok();
}

Result<BuiltSubgraph> build_subgraph(const Model& model, std::span<const int> wanted_tensors) {
  PHYSIO_CHECK(ensure_initialized());
  BuiltSubgraph built;
  for (int t : wanted_tensors)
    if (std::ranges::find(built.output_tensor_ids, t) == built.output_tensor_ids.end())
      built.output_tensor_ids.push_back(t);
  const std::vector<bool> live = PHYSIO_TRY(live_operators(model, built.output_tensor_ids));

  const auto external_count =
      static_cast<std::uint32_t>(model.inputs.size() + built.output_tensor_ids.size());
  xnn_subgraph_t raw = nullptr;
  if (const xnn_status s = xnn_create_subgraph(external_count, 0, &raw); s != xnn_status_success)
    return fail(ErrorCode::kInternal, "xnn_create_subgraph failed ({})", status_name(s));
  built.subgraph.reset(raw);

  Translator translator(model, raw, built);
  PHYSIO_CHECK(translator.define_externals());
  for (std::size_t i = 0; i < model.operators.size(); ++i) {
    if (!live[i]) continue;
    const Operator& op = model.operators[i];
    if (Status s = translator.translate(op); !s) {
      const std::string out_name = !op.outputs.empty() && op.outputs[0] >= 0 &&
                                           static_cast<std::size_t>(op.outputs[0]) < model.tensors.size()
                                       ? model.tensors[static_cast<std::size_t>(op.outputs[0])].name
                                       : std::string("?");
      return std::unexpected(std::move(s.error()).with_context(
          fmt::format("XNNPACK backend: operator {} ({} -> '{}')", i, op_code_name(op.code), out_name)));
    }
    ++built.operators_translated;
  }
  // Every wanted tensor must have been produced by a translated operator.
  for (int t : built.output_tensor_ids) {
    bool produced = false;
    for (std::size_t i = 0; i < model.operators.size() && !produced; ++i)
      produced =
          live[i] && std::ranges::find(model.operators[i].outputs, t) != model.operators[i].outputs.end();
    if (!produced)
      return fail(ErrorCode::kUnsupported, "XNNPACK backend: output '{}' is not computed by any operator",
                  model.tensors[static_cast<std::size_t>(t)].name);
  }
  return built;
}

}  // namespace physio::pose::xnn
