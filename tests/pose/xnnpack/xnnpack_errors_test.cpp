// What the XNNPACK backend refuses, and how: kUnsupported / kInvalidArgument naming the operator index and
// kind, never a crash. Also the backend choice of create_inference and output pruning.
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "pose/inference.hpp"
#include "pose/xnnpack/graph_builder.hpp"
#include "pose/xnnpack/graph_cost.hpp"
#include "pose/xnnpack/graph_prune.hpp"
#include "pose/xnnpack/xnnpack_inference.hpp"

namespace physio::pose::test {
namespace {

// A 3x3 SAME convolution of a [1, 6, 6, 2] input into 4 channels, fused activation `a`, after an ADD.
Model conv_model(Activation a) {
  GraphBuilder g;
  const int x = g.input({1, 6, 6, 2});
  const int sum = g.op(OpCode::kAdd, {x, x}, {1, 6, 6, 2}, AddOptions{});
  Conv2dOptions o;
  o.activation = a;
  const int y = g.op(OpCode::kConv2d, {sum, g.random_constant({4, 3, 3, 2}, 1), g.random_constant({4}, 2)},
                     {1, 6, 6, 4}, o);
  g.output(y);
  return g.model();
}

void expect_error(const Model& model, ErrorCode code, const std::string& needle) {
  auto r = create_xnnpack_inference(model, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), code) << r.error().to_string();
  EXPECT_NE(r.error().to_string().find(needle), std::string::npos) << r.error().to_string();
}

TEST(PoseXnnpackErrors, UnsupportedActivationNamesTheOperator) {
  expect_error(conv_model(Activation::kTanh), ErrorCode::kUnsupported, "operator 1 (CONV_2D");
  expect_error(conv_model(Activation::kSignBit), ErrorCode::kUnsupported, "SIGN_BIT");
}

TEST(PoseXnnpackErrors, UnsupportedOptionCombinationsAreRefused) {
  GraphBuilder g;
  const int x = g.input({1, 4, 4, 2});
  ResizeBilinearOptions o;
  o.align_corners = o.half_pixel_centers = true;
  o.out_h = o.out_w = 8;
  g.output(g.op(OpCode::kResizeBilinear, {x}, {1, 8, 8, 2}, o));
  expect_error(g.model(), ErrorCode::kUnsupported, "operator 0 (RESIZE_BILINEAR");

  GraphBuilder grouped;
  const int y = grouped.input({1, 4, 4, 4});
  grouped.output(grouped.op(OpCode::kConv2d, {y, grouped.random_constant({2, 1, 1, 2}, 3)}, {1, 4, 4, 2},
                            Conv2dOptions{}));
  expect_error(grouped.model(), ErrorCode::kUnsupported, "grouped");
}

TEST(PoseXnnpackErrors, InconsistentShapesAreInvalidArguments) {
  GraphBuilder g;
  const int x = g.input({1, 6, 6, 2});
  Conv2dOptions o;
  o.stride_h = o.stride_w = 2;
  // Stride 2 SAME gives 3x3, the model claims 6x6: XNNPACK would write past the buffer.
  g.output(g.op(OpCode::kConv2d, {x, g.random_constant({4, 3, 3, 2}, 1)}, {1, 6, 6, 4}, o));
  expect_error(g.model(), ErrorCode::kInvalidArgument, "operator 0 (CONV_2D");

  GraphBuilder bad_add;
  const int a = bad_add.input({1, 3, 4, 2});
  const int b = bad_add.input({1, 3, 5, 2});
  bad_add.output(bad_add.op(OpCode::kAdd, {a, b}, {1, 3, 5, 2}, AddOptions{}));
  expect_error(bad_add.model(), ErrorCode::kInvalidArgument, "do not broadcast");

  GraphBuilder bad_index;
  const int c = bad_index.input({1, 2, 2, 1});
  bad_index.output(bad_index.op(OpCode::kLogistic, {c + 7}, {1, 2, 2, 1}));
  expect_error(bad_index.model(), ErrorCode::kInvalidArgument, "operator 0 (LOGISTIC");

  GraphBuilder omitted;
  const int e = omitted.input({1, 2, 2, 1});
  omitted.output(omitted.op(OpCode::kAdd, {e, kNoTensor}, {1, 2, 2, 1}, AddOptions{}));
  expect_error(omitted.model(), ErrorCode::kInvalidArgument, "operator 0 (ADD");

  GraphBuilder wrong_options;
  const int d = wrong_options.input({1, 2, 2, 1});
  wrong_options.output(wrong_options.op(OpCode::kDepthToSpace, {d}, {1, 2, 2, 1}, AddOptions{}));
  expect_error(wrong_options.model(), ErrorCode::kInvalidArgument, "options");
}

TEST(PoseXnnpackErrors, BadThreadCountAndOutputIndex) {
  const Model model = conv_model(Activation::kRelu);
  InferenceOptions o;
  o.threads = 0;
  auto r = create_xnnpack_inference(model, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  o.threads = 1;
  o.outputs = {3};
  r = create_xnnpack_inference(model, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PoseXnnpackFactory, AutoPicksXnnpackAndFallsBackOnlyWhenUnsupported) {
  const Model supported = conv_model(Activation::kRelu6);
  InferenceOptions o;
  auto a = create_inference(supported, o);
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ((*a)->kind(), BackendKind::kXnnpack);
  ASSERT_NE(xnnpack_plan_info(**a), nullptr);

  o.backend = BackendKind::kReference;
  auto r = create_inference(supported, o);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->kind(), BackendKind::kReference);
  EXPECT_EQ(xnnpack_plan_info(**r), nullptr);

  // TANH: XNNPACK refuses it, the reference kernels run it.
  const Model tanh_model = conv_model(Activation::kTanh);
  o.backend = BackendKind::kAuto;
  auto fallback = create_inference(tanh_model, o);
  ASSERT_TRUE(fallback) << fallback.error().to_string();
  EXPECT_EQ((*fallback)->kind(), BackendKind::kReference);
  o.backend = BackendKind::kXnnpack;
  auto refused = create_inference(tanh_model, o);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnsupported);
}

// Two heads over a shared trunk; asking for one prunes the other's operators.
TEST(PoseXnnpackPrune, UnrequestedHeadIsNotTranslated) {
  GraphBuilder g;
  const int x = g.input({1, 6, 6, 3});
  const int trunk = g.op(OpCode::kConv2d, {x, g.random_constant({4, 1, 1, 3}, 1), g.random_constant({4}, 2)},
                         {1, 6, 6, 4}, Conv2dOptions{});
  const int head_a = g.op(OpCode::kLogistic, {trunk}, {1, 6, 6, 4});
  const int b1 =
      g.op(OpCode::kConv2d, {trunk, g.random_constant({8, 3, 3, 4}, 3)}, {1, 6, 6, 8}, Conv2dOptions{});
  const int head_b = g.op(OpCode::kAdd, {b1, b1}, {1, 6, 6, 8}, AddOptions{});
  g.output(head_a);
  g.output(head_b);
  const Model& model = g.model();

  const std::vector<int> only_a = {head_a};
  auto live = live_operators(model, only_a);
  ASSERT_TRUE(live);
  EXPECT_EQ(*live, (std::vector<bool>{true, true, false, false}));
  EXPECT_FALSE(live_operators(model, std::vector<int>{99}));

  const GraphCost all = compute_graph_cost(model);
  EXPECT_EQ(all.conv_macs, 6 * 6 * 4 * 3 + 6 * 6 * 8 * 9 * 4);
  EXPECT_EQ(compute_graph_cost(model, *live).conv_macs, 6 * 6 * 4 * 3);

  InferenceOptions o;
  o.outputs = {0};
  auto pruned = create_xnnpack_inference(model, o);
  ASSERT_TRUE(pruned) << pruned.error().to_string();
  EXPECT_EQ(xnnpack_plan_info(**pruned)->operators_translated, 2u);
  EXPECT_EQ(xnnpack_plan_info(**pruned)->operators_total, 4u);
  o.outputs = {1, 0};
  auto both = create_xnnpack_inference(model, o);
  ASSERT_TRUE(both);
  EXPECT_EQ(xnnpack_plan_info(**both)->operators_translated, 4u);
  ASSERT_EQ((*both)->output_count(), 2u);
  EXPECT_EQ((*both)->output_shape(0)[3], 8);  // requested order is kept
  EXPECT_EQ((*both)->output_shape(1)[3], 4);

  // Same inputs: the pruned run's head equals the full run's.
  const Values v = random_values((*pruned)->input(0).size(), 5);
  std::ranges::copy(v, (*pruned)->input(0).begin());
  std::ranges::copy(v, (*both)->input(0).begin());
  ASSERT_TRUE((*pruned)->run());
  ASSERT_TRUE((*both)->run());
  const Difference d = compare((*pruned)->output(0), (*both)->output(1), 0.0, 0.0);
  EXPECT_EQ(d.max_abs, 0.0);
}

// Executables with the same thread count share one pthreadpool; running two of them at once from two
// threads is safe (the pool serialises their nodes) and gives each its own correct result.
TEST(PoseXnnpackThreads, SharedPoolServesConcurrentExecutables) {
  const Model model = conv_model(Activation::kRelu6);
  InferenceOptions o;
  o.threads = 2;
  auto a = create_xnnpack_inference(model, o);
  auto b = create_xnnpack_inference(model, o);
  auto ref = create_reference_inference(model, o);
  ASSERT_TRUE(a && b && ref);
  const Values va = random_values((*a)->input(0).size(), 1), vb = random_values((*b)->input(0).size(), 2);
  std::ranges::copy(va, (*a)->input(0).begin());
  std::ranges::copy(vb, (*b)->input(0).begin());
  auto loop = [](Inference& inference, bool& ok) {
    for (int i = 0; i < 50 && ok; ++i) ok = static_cast<bool>(inference.run());
  };
  bool ok_a = true, ok_b = true;
  std::thread ta(loop, std::ref(**a), std::ref(ok_a));
  std::thread tb(loop, std::ref(**b), std::ref(ok_b));
  ta.join();
  tb.join();
  ASSERT_TRUE(ok_a && ok_b);
  for (auto [inference, values] : {std::pair{a->get(), &va}, std::pair{b->get(), &vb}}) {
    std::ranges::copy(*values, (*ref)->input(0).begin());
    ASSERT_TRUE((*ref)->run());
    EXPECT_LE(compare(inference->output(0), (*ref)->output(0), 1e-5, 1e-4).worst_ratio, 1.0);
  }
}

TEST(PoseXnnpackCost, CountsConvolutionMacsFromShapes) {
  GraphBuilder g;
  const int x = g.input({1, 8, 8, 4});
  DepthwiseConv2dOptions dw;
  dw.stride_h = dw.stride_w = 2;
  // Depthwise 5x5, stride 2 SAME: 4x4x4 outputs x 25 taps = 1600 MACs.
  const int d = g.op(OpCode::kDepthwiseConv2d, {x, g.random_constant({1, 5, 5, 4}, 1)}, {1, 4, 4, 4}, dw);
  // 1x1 conv to 6 channels: 4x4x6 outputs x 4 inputs = 384 MACs; the ADD has 96 outputs.
  const int c = g.op(OpCode::kConv2d, {d, g.random_constant({6, 1, 1, 4}, 2)}, {1, 4, 4, 6}, Conv2dOptions{});
  g.output(g.op(OpCode::kAdd, {c, c}, {1, 4, 4, 6}, AddOptions{}));
  const GraphCost cost = compute_graph_cost(g.model());
  EXPECT_EQ(cost.depthwise_macs, 1600);
  EXPECT_EQ(cost.conv_macs, 384);
  EXPECT_EQ(cost.elementwise_outputs, 96);
  EXPECT_DOUBLE_EQ(cost.conv_flops(), 2.0 * (1600 + 384));
}

}  // namespace
}  // namespace physio::pose::test
