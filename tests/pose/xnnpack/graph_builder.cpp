#include "pose/xnnpack/graph_builder.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace physio::pose::test {

int GraphBuilder::add_tensor(const Shape& shape) {
  Tensor t;
  t.name = "t" + std::to_string(model_.tensors.size());
  t.shape = shape;
  model_.tensors.push_back(std::move(t));
  return static_cast<int>(model_.tensors.size() - 1);
}

int GraphBuilder::input(const Shape& shape) {
  const int t = add_tensor(shape);
  model_.inputs.push_back(t);
  return t;
}

int GraphBuilder::constant(const Shape& shape, Values values) {
  const int t = add_tensor(shape);
  Tensor& tensor = model_.tensors[static_cast<std::size_t>(t)];
  tensor.constant = true;
  tensor.data = std::move(values);
  return t;
}

int GraphBuilder::random_constant(const Shape& shape, std::uint32_t seed) {
  std::size_t n = 1;
  for (std::int32_t d : shape) n *= static_cast<std::size_t>(d);
  return constant(shape, random_values(n, seed));
}

int GraphBuilder::op(OpCode code, std::vector<int> inputs, const Shape& out_shape, OpOptions options) {
  const int out = add_tensor(out_shape);
  Operator o;
  o.code = code;
  o.inputs = std::move(inputs);
  o.outputs = {out};
  o.options = std::move(options);
  model_.operators.push_back(std::move(o));
  return out;
}

void GraphBuilder::output(int tensor) {
  model_.outputs.push_back(tensor);
}

Values random_values(std::size_t n, std::uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  Values v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

Difference compare(std::span<const float> got, std::span<const float> want, double abs_tol, double rel_tol) {
  Difference d;
  d.count = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < d.count; ++i) {
    const double diff = std::abs(static_cast<double>(got[i]) - static_cast<double>(want[i]));
    const double tol = abs_tol + rel_tol * std::abs(static_cast<double>(want[i]));
    d.max_abs = std::max(d.max_abs, std::isnan(diff) ? INFINITY : diff);
    d.worst_ratio = std::max(d.worst_ratio, std::isnan(diff) ? INFINITY : diff / tol);
  }
  return d;
}

void fill_inputs(Inference& a, Inference& b, std::uint32_t seed, float lo, float hi) {
  for (std::size_t i = 0; i < a.input_count(); ++i) {
    const Values v = random_values(a.input(i).size(), seed + static_cast<std::uint32_t>(i), lo, hi);
    std::ranges::copy(v, a.input(i).begin());
    std::ranges::copy(v, b.input(i).begin());
  }
}

}  // namespace physio::pose::test
