// Operator parity, llama.cpp test-backend-ops style: every operator kind the BlazePose models use, on small
// seeded random tensors with odd sizes, both paddings, strides, dilation, broadcasting and every fused
// activation, run as a one-operator Model through XNNPACK and through the reference kernels.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pose/inference.hpp"
#include "pose/xnnpack/graph_builder.hpp"
#include "pose/xnnpack/xnnpack_inference.hpp"

namespace physio::pose::test {
namespace {

// fp32 with a different summation order (and FMA contraction) than the reference loops: a few ulps per
// accumulation of up to ~250 terms of magnitude <= 1, plus XNNPACK's polynomial sigmoid (~1e-7).
constexpr double kRelTol = 1e-4;
constexpr double kAbsTol = 1e-5;

struct Case {
  std::string name;
  std::function<void(GraphBuilder&)> build;
  int threads = 1;
  float input_lo = -1.0f;
  float input_hi = 1.0f;
};

void run_case(const Case& c) {
  SCOPED_TRACE(c.name);
  GraphBuilder g;
  c.build(g);
  InferenceOptions options;
  options.threads = c.threads;
  auto xnn = create_xnnpack_inference(g.model(), options);
  ASSERT_TRUE(xnn) << xnn.error().to_string();
  auto ref = create_reference_inference(g.model(), options);
  ASSERT_TRUE(ref) << ref.error().to_string();
  fill_inputs(**xnn, **ref, 1234, c.input_lo, c.input_hi);
  ASSERT_TRUE((*xnn)->run());
  ASSERT_TRUE((*ref)->run());
  ASSERT_EQ((*xnn)->output_count(), (*ref)->output_count());
  // A second run on the same inputs gives the same bits (buffers are bound once, nothing is stale).
  std::vector<Values> first;
  for (std::size_t k = 0; k < (*xnn)->output_count(); ++k)
    first.emplace_back((*xnn)->output(k).begin(), (*xnn)->output(k).end());
  ASSERT_TRUE((*xnn)->run());
  for (std::size_t k = 0; k < (*xnn)->output_count(); ++k)
    EXPECT_EQ(compare((*xnn)->output(k), first[k], 0.0, 0.0).max_abs, 0.0) << "output " << k << " changed";
  for (std::size_t k = 0; k < (*xnn)->output_count(); ++k) {
    const Difference d = compare((*xnn)->output(k), (*ref)->output(k), kAbsTol, kRelTol);
    ASSERT_EQ(d.count, (*ref)->output(k).size());
    ASSERT_EQ((*xnn)->output(k).size(), (*ref)->output(k).size());
    std::printf("  %-44s output %zu: %6zu values, max |diff| %.3g\n", c.name.c_str(), k, d.count, d.max_abs);
    EXPECT_LE(d.worst_ratio, 1.0) << "max |diff| " << d.max_abs;
  }
}

Conv2dOptions conv(Padding p, int stride, int dilation, Activation a) {
  Conv2dOptions o;
  o.padding = p;
  o.stride_h = o.stride_w = stride;
  o.dilation_h = o.dilation_w = dilation;
  o.activation = a;
  return o;
}

DepthwiseConv2dOptions dwconv(Padding p, int stride, int dilation, Activation a, int multiplier = 1) {
  DepthwiseConv2dOptions o;
  o.padding = p;
  o.stride_h = o.stride_w = stride;
  o.dilation_h = o.dilation_w = dilation;
  o.activation = a;
  o.depth_multiplier = multiplier;
  return o;
}

int out_size(Padding p, int in, int k, int stride, int dilation) {
  const int eff = (k - 1) * dilation + 1;
  return p == Padding::kSame ? (in + stride - 1) / stride : (in - eff) / stride + 1;
}

// One CONV_2D: input [n, h, w, ic], filter [oc, k, k, ic].
Case conv_case(int n, int h, int w, int ic, int oc, int k, Padding p, int stride, int dilation, Activation a,
               bool bias = true) {
  const std::string name = fmt::format("CONV_2D {}x{}x{}x{} k{} oc{} {} s{} d{} {}{}", n, h, w, ic, k, oc,
                                       p == Padding::kSame ? "SAME" : "VALID", stride, dilation,
                                       activation_name(a), bias ? "" : " no-bias");
  return {name, [=](GraphBuilder& g) {
            const int x = g.input({n, h, w, ic});
            const int f = g.random_constant({oc, k, k, ic}, 11);
            std::vector<int> ins = {x, f};
            if (bias) ins.push_back(g.random_constant({oc}, 12));
            const int y =
                g.op(OpCode::kConv2d, ins,
                     {n, out_size(p, h, k, stride, dilation), out_size(p, w, k, stride, dilation), oc},
                     conv(p, stride, dilation, a));
            g.output(y);
          }};
}

Case dwconv_case(int h, int w, int c, int k, Padding p, int stride, int dilation, Activation a,
                 int multiplier = 1) {
  const std::string name =
      fmt::format("DEPTHWISE_CONV_2D 1x{}x{}x{} k{} m{} {} s{} d{} {}", h, w, c, k, multiplier,
                  p == Padding::kSame ? "SAME" : "VALID", stride, dilation, activation_name(a));
  return {name, [=](GraphBuilder& g) {
            const int oc = c * multiplier;
            const int x = g.input({1, h, w, c});
            const int f = g.random_constant({1, k, k, oc}, 21);
            const int b = g.random_constant({oc}, 22);
            const int y =
                g.op(OpCode::kDepthwiseConv2d, {x, f, b},
                     {1, out_size(p, h, k, stride, dilation), out_size(p, w, k, stride, dilation), oc},
                     dwconv(p, stride, dilation, a, multiplier));
            g.output(y);
          }};
}

Case add_case(const Shape& a, const Shape& b, const Shape& out, Activation act, bool b_constant = false) {
  const std::string name = fmt::format("ADD [{}] + {}[{}] {}", fmt::join(a, ","), b_constant ? "const " : "",
                                       fmt::join(b, ","), activation_name(act));
  return {name, [=](GraphBuilder& g) {
            const int x = g.input(a);
            const int z = b_constant ? g.random_constant(b, 31) : g.input(b);
            g.output(g.op(OpCode::kAdd, {x, z}, out, AddOptions{act}));
          }};
}

Case pad_case(const Shape& in, std::vector<std::array<std::int32_t, 2>> pads) {
  Shape out = in;
  for (std::size_t d = 0; d < in.size(); ++d) out[d] += pads[d][0] + pads[d][1];
  return {fmt::format("PAD [{}] -> [{}]", fmt::join(in, ","), fmt::join(out, ",")), [=](GraphBuilder& g) {
            const int x = g.input(in);
            PadOptions o;
            o.paddings = pads;
            g.output(g.op(OpCode::kPad, {x}, out, o));
          }};
}

Case reshape_case(const Shape& in, const Shape& out) {
  return {fmt::format("RESHAPE [{}] -> [{}]", fmt::join(in, ","), fmt::join(out, ",")), [=](GraphBuilder& g) {
            const int x = g.input(in);
            ReshapeOptions o;
            o.new_shape = out;
            g.output(g.op(OpCode::kReshape, {x}, out, o));
          }};
}

Case resize_case(int h, int w, int c, int oh, int ow, bool align_corners, bool half_pixel) {
  return {
      fmt::format("RESIZE_BILINEAR {}x{}x{} -> {}x{} ac{} hp{}", h, w, c, oh, ow, align_corners, half_pixel),
      [=](GraphBuilder& g) {
        const int x = g.input({1, h, w, c});
        ResizeBilinearOptions o;
        o.align_corners = align_corners;
        o.half_pixel_centers = half_pixel;
        o.out_h = oh;
        o.out_w = ow;
        g.output(g.op(OpCode::kResizeBilinear, {x}, {1, oh, ow, c}, o));
      }};
}

Case max_pool_case(int h, int w, int c, int k, int stride, Padding p, Activation a) {
  return {fmt::format("MAX_POOL_2D {}x{}x{} k{} s{} {} {}", h, w, c, k, stride,
                      p == Padding::kSame ? "SAME" : "VALID", activation_name(a)),
          [=](GraphBuilder& g) {
            const int x = g.input({1, h, w, c});
            Pool2dOptions o;
            o.padding = p;
            o.filter_h = o.filter_w = k;
            o.stride_h = o.stride_w = stride;
            o.activation = a;
            g.output(g.op(OpCode::kMaxPool2d, {x},
                          {1, out_size(p, h, k, stride, 1), out_size(p, w, k, stride, 1), c}, o));
          }};
}

Case depth_to_space_case(int h, int w, int c, int block) {
  return {fmt::format("DEPTH_TO_SPACE {}x{}x{} block {}", h, w, c, block), [=](GraphBuilder& g) {
            const int x = g.input({1, h, w, c});
            g.output(g.op(OpCode::kDepthToSpace, {x}, {1, h * block, w * block, c / (block * block)},
                          DepthToSpaceOptions{block}));
          }};
}

Case concat_case(std::vector<Shape> ins, int axis, Activation a) {
  Shape out = ins[0];
  out[static_cast<std::size_t>(axis)] = 0;
  for (const Shape& s : ins) out[static_cast<std::size_t>(axis)] += s[static_cast<std::size_t>(axis)];
  return {fmt::format("CONCATENATION {} inputs axis {} -> [{}] {}", ins.size(), axis, fmt::join(out, ","),
                      activation_name(a)),
          [=](GraphBuilder& g) {
            std::vector<int> xs;
            for (const Shape& s : ins) xs.push_back(g.input(s));
            g.output(g.op(OpCode::kConcatenation, xs, out, ConcatenationOptions{axis, a}));
          }};
}

TEST(PoseXnnpackOps, Conv2dMatchesReference) {
  using enum Activation;
  const std::vector<Case> cases = {
      conv_case(1, 7, 9, 3, 5, 3, Padding::kSame, 1, 1, kNone),
      conv_case(1, 7, 9, 3, 5, 3, Padding::kSame, 2, 1, kRelu6),
      conv_case(1, 8, 6, 4, 6, 3, Padding::kSame, 2, 1, kRelu),  // even size, stride 2: odd pixel after
      conv_case(1, 9, 7, 3, 4, 3, Padding::kValid, 2, 1, kReluN1To1),
      conv_case(1, 6, 5, 8, 7, 1, Padding::kValid, 1, 1, kNone),
      conv_case(1, 6, 5, 8, 7, 1, Padding::kSame, 1, 1, kRelu6, false),
      conv_case(1, 5, 6, 3, 2, 2, Padding::kValid, 1, 1, kNone),  // 2x2 VALID as in the landmark heads
      conv_case(1, 9, 8, 3, 4, 3, Padding::kSame, 1, 2, kNone),   // dilation
      conv_case(2, 5, 5, 3, 4, 3, Padding::kSame, 1, 1, kRelu),   // batch of two
      conv_case(1, 11, 13, 17, 19, 3, Padding::kSame, 2, 1, kNone),
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PoseXnnpackOps, DepthwiseConv2dMatchesReference) {
  using enum Activation;
  const std::vector<Case> cases = {
      dwconv_case(7, 9, 5, 3, Padding::kSame, 1, 1, kNone),
      dwconv_case(7, 9, 5, 3, Padding::kSame, 2, 1, kRelu6),
      dwconv_case(8, 8, 6, 5, Padding::kSame, 2, 1, kRelu6),
      dwconv_case(9, 7, 4, 5, Padding::kValid, 1, 1, kRelu),
      dwconv_case(9, 8, 3, 3, Padding::kValid, 2, 1, kReluN1To1),
      dwconv_case(9, 9, 4, 3, Padding::kSame, 1, 2, kNone),     // dilation
      dwconv_case(6, 5, 3, 3, Padding::kSame, 1, 1, kNone, 2),  // depth multiplier 2
      dwconv_case(13, 11, 33, 5, Padding::kValid, 1, 1, kRelu6),
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PoseXnnpackOps, AddMatchesReferenceWithBroadcasting) {
  using enum Activation;
  const std::vector<Case> cases = {
      add_case({1, 5, 7, 3}, {1, 5, 7, 3}, {1, 5, 7, 3}, kNone),
      add_case({1, 5, 7, 3}, {1, 5, 7, 3}, {1, 5, 7, 3}, kRelu6),
      add_case({1, 5, 7, 3}, {1, 1, 1, 3}, {1, 5, 7, 3}, kRelu),
      add_case({1, 5, 1, 3}, {1, 1, 7, 1}, {1, 5, 7, 3}, kNone),
      add_case({3}, {1, 4, 5, 3}, {1, 4, 5, 3}, kReluN1To1),            // rank broadcasting
      add_case({1, 4, 5, 3}, {1, 4, 5, 3}, {1, 4, 5, 3}, kNone, true),  // constant operand
      add_case({2, 9}, {2, 9}, {2, 9}, kNone),
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PoseXnnpackOps, PadReshapeLogisticMatchReference) {
  const std::vector<Case> cases = {
      pad_case({1, 5, 7, 3}, {{{0, 0}, {1, 1}, {1, 1}, {0, 0}}}),
      pad_case({1, 5, 7, 3}, {{{0, 0}, {0, 1}, {2, 0}, {0, 0}}}),
      pad_case({1, 4, 4, 3}, {{{0, 0}, {0, 0}, {0, 0}, {0, 5}}}),  // channel padding before a residual ADD
      pad_case({2, 3, 5}, {{{0, 1}, {1, 0}, {2, 2}}}),
      reshape_case({1, 1, 1, 117}, {1, 117}),
      reshape_case({1, 7, 7, 72}, {1, 294, 12}),
  };
  for (const Case& c : cases) run_case(c);
  Case logistic{"LOGISTIC [1,5,7,3] over [-20, 20]", [](GraphBuilder& g) {
                  const int x = g.input({1, 5, 7, 3});
                  g.output(g.op(OpCode::kLogistic, {x}, {1, 5, 7, 3}));
                }};
  logistic.input_lo = -20.0f;
  logistic.input_hi = 20.0f;
  run_case(logistic);
}

TEST(PoseXnnpackOps, ResizeBilinearMatchesReference) {
  const std::vector<Case> cases = {
      resize_case(4, 4, 3, 8, 8, false, true),   // the models' 2x half-pixel upsampling
      resize_case(3, 5, 2, 7, 4, false, true),   // odd ratios, down in one axis
      resize_case(8, 8, 5, 3, 3, false, true),   // downsampling
      resize_case(3, 5, 2, 7, 9, true, false),   // align corners
      resize_case(3, 5, 2, 7, 9, false, false),  // TensorFlow 1 legacy
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PoseXnnpackOps, MaxPoolDepthToSpaceMatchReference) {
  using enum Activation;
  const std::vector<Case> cases = {
      max_pool_case(8, 8, 3, 2, 2, Padding::kValid, kNone),  // as in the landmark models
      max_pool_case(7, 9, 3, 2, 2, Padding::kSame, kNone),
      max_pool_case(7, 9, 3, 3, 2, Padding::kSame, kRelu),
      max_pool_case(7, 9, 4, 3, 1, Padding::kSame, kNone),
      max_pool_case(9, 7, 4, 3, 2, Padding::kValid, kRelu6),
      depth_to_space_case(3, 5, 8, 2),
      depth_to_space_case(2, 3, 18, 3),
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PoseXnnpackOps, ConcatenationMatchesReference) {
  using enum Activation;
  const std::vector<Case> cases = {
      concat_case({{1, 15, 12}, {1, 4, 12}, {1, 3, 12}}, 1, kNone),  // the detector heads' layout
      concat_case({{1, 15, 1}, {1, 4, 1}, {1, 3, 1}}, 1, kNone),
      concat_case({{1, 3, 4, 5}, {1, 3, 4, 2}}, 3, kRelu),
      concat_case({{2, 3}, {1, 3}, {4, 3}}, 0, kRelu6),
      concat_case({{1, 4, 6}}, 2, kReluN1To1),  // one input: a clamp
  };
  for (const Case& c : cases) run_case(c);
}

// A residual block with a pruned branch, on a pool of two threads.
TEST(PoseXnnpackOps, ChainedBlockMatchesReferenceOnTwoThreads) {
  Case c{"PAD -> DEPTHWISE s2 -> CONV 1x1 -> ADD + pool skip -> RESIZE", [](GraphBuilder& g) {
           const int x = g.input({1, 16, 16, 8});
           PadOptions po;
           po.paddings = {{{0, 0}, {1, 1}, {1, 1}, {0, 0}}};
           const int padded = g.op(OpCode::kPad, {x}, {1, 18, 18, 8}, po);
           const int dw = g.op(OpCode::kDepthwiseConv2d,
                               {padded, g.random_constant({1, 3, 3, 8}, 41), g.random_constant({8}, 42)},
                               {1, 8, 8, 8}, dwconv(Padding::kValid, 2, 1, Activation::kNone));
           const int pw =
               g.op(OpCode::kConv2d, {dw, g.random_constant({16, 1, 1, 8}, 43), g.random_constant({16}, 44)},
                    {1, 8, 8, 16}, conv(Padding::kSame, 1, 1, Activation::kNone));
           Pool2dOptions mp;
           mp.padding = Padding::kValid;
           mp.filter_h = mp.filter_w = 2;
           mp.stride_h = mp.stride_w = 2;
           const int pooled = g.op(OpCode::kMaxPool2d, {x}, {1, 8, 8, 8}, mp);
           PadOptions cp;
           cp.paddings = {{{0, 0}, {0, 0}, {0, 0}, {0, 8}}};
           const int widened = g.op(OpCode::kPad, {pooled}, {1, 8, 8, 16}, cp);
           const int sum = g.op(OpCode::kAdd, {pw, widened}, {1, 8, 8, 16}, AddOptions{Activation::kRelu6});
           ResizeBilinearOptions ro;
           ro.half_pixel_centers = true;
           ro.out_h = ro.out_w = 16;
           g.output(g.op(OpCode::kResizeBilinear, {sum}, {1, 16, 16, 16}, ro));
           g.output(pw);
         }};
  c.threads = 2;
  run_case(c);
}

}  // namespace
}  // namespace physio::pose::test
