#include "core/large_alloc.hpp"

#include <sys/mman.h>

#include <cstdlib>

namespace physio::detail {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t round_up(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* large_allocate(std::size_t bytes) {
  if (bytes < kLargeAllocBytes) return ::operator new(bytes);
  const std::size_t size = round_up(bytes);
  void* p = std::aligned_alloc(kHugePage, size);
  if (p == nullptr) throw std::bad_alloc();
  // Advice only: failure (THP disabled, old kernel) leaves ordinary pages.
  (void)::madvise(p, size, MADV_HUGEPAGE);
  return p;
}

void large_deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < kLargeAllocBytes) {
    ::operator delete(p);
    return;
  }
  std::free(p);
}

}  // namespace physio::detail
