#pragma once
// Small pose Models assembled in code for the XNNPACK parity tests, and the comparison they share.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pose/graph.hpp"
#include "pose/inference.hpp"

namespace physio::pose::test {

using Shape = std::vector<std::int32_t>;
using Values = std::vector<float>;

/// Appends tensors and operators to a Model in execution order.
class GraphBuilder {
 public:
  /// A graph input.
  int input(const Shape& shape);
  /// A float constant (weights, bias, an ADD operand).
  int constant(const Shape& shape, Values values);
  /// A float constant of uniform random values in [-1, 1] from `seed`.
  int random_constant(const Shape& shape, std::uint32_t seed);
  /// An operator writing a new tensor of `out_shape`; returns that tensor.
  int op(OpCode code, std::vector<int> inputs, const Shape& out_shape, OpOptions options = {});
  /// Marks a tensor as a graph output.
  void output(int tensor);

  const Model& model() const { return model_; }

 private:
  int add_tensor(const Shape& shape);
  Model model_;
};

/// Uniform random values in [lo, hi] from `seed`.
Values random_values(std::size_t n, std::uint32_t seed, float lo = -1.0f, float hi = 1.0f);

/// Largest |xnnpack - reference| and the worst ratio to the tolerance abs_tol + rel_tol * |reference|.
struct Difference {
  double max_abs = 0.0;
  double worst_ratio = 0.0;
  std::size_t count = 0;
};
Difference compare(std::span<const float> got, std::span<const float> want, double abs_tol, double rel_tol);

/// Fills every input of `a` with seeded random values in [lo, hi] and copies them into `b`.
void fill_inputs(Inference& a, Inference& b, std::uint32_t seed, float lo = -1.0f, float hi = 1.0f);

}  // namespace physio::pose::test
