#include "fhir/json_path.hpp"

namespace physio::fhir {
namespace {

void collect(const nlohmann::json& node, std::string_view path, std::vector<const nlohmann::json*>& out) {
  if (node.is_array()) {
    for (const auto& v : node) collect(v, path, out);
    return;
  }
  if (path.empty()) {
    out.push_back(&node);
    return;
  }
  if (!node.is_object()) return;
  const auto dot = path.find('.');
  const std::string key(path.substr(0, dot));
  const auto it = node.find(key);
  if (it == node.end()) return;
  collect(*it, dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1), out);
}

}  // namespace

std::vector<const nlohmann::json*> values_at(const nlohmann::json& node, std::string_view path) {
  std::vector<const nlohmann::json*> out;
  collect(node, path, out);
  return out;
}

}  // namespace physio::fhir
