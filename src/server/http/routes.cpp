#include "server/http/routes.hpp"

namespace physio::server {

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto ps = pattern.find('/');
    const auto qs = path.find('/');
    const std::string_view pseg = pattern.substr(0, ps);
    const std::string_view seg = path.substr(0, qs);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (seg.empty() || seg.size() > 128) return false;
      params.emplace_back(std::string(pseg.substr(1, pseg.size() - 2)), std::string(seg));
    } else if (pseg != seg) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view{} : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view{} : path.substr(qs);
  }
  return true;
}

}  // namespace physio::server
