#pragma once
/// An allocator for the big per-recording buffers (landmarks, angle columns, filter workspaces).
///
/// An hour of landmarks is ~57 MB. With 4 KiB pages its first touch costs ~14,000 page faults, which on
/// virtual machines dominates reading such a file. Buffers of at least `kLargeAllocBytes` are therefore
/// allocated 2 MiB-aligned and offered to the kernel for transparent huge pages (madvise), which cuts the
/// faults ~500-fold where THP is enabled ("always" or "madvise") and changes nothing where it is not.
/// Smaller buffers use the ordinary heap.
///
///   std::vector<float, LargeAllocator<float>> big(n);

#include <cstddef>
#include <new>

namespace physio {

/// Buffers at least this large take the huge-page path.
inline constexpr std::size_t kLargeAllocBytes = std::size_t{1} << 20;

namespace detail {
void* large_allocate(std::size_t bytes);
void large_deallocate(void* p, std::size_t bytes) noexcept;
}  // namespace detail

template <typename T>
struct LargeAllocator {
  using value_type = T;

  LargeAllocator() noexcept = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(detail::large_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { detail::large_deallocate(p, n * sizeof(T)); }

  template <typename U>
  bool operator==(const LargeAllocator<U>& /*other*/) const noexcept {
    return true;
  }
};

}  // namespace physio
