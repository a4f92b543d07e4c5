#pragma once
/// Tolerances the dsp tests share.

namespace physio::dsp {

/// The same arithmetic, up to rounding.
inline constexpr double kExactTol = 1e-12;
/// Filter coefficients against their closed form.
inline constexpr double kCoefTol = 1e-12;
/// A polynomial the method reproduces exactly, up to rounding.
inline constexpr double kPolyTol = 1e-9;

}  // namespace physio::dsp
