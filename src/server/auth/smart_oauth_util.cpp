// What the SMART OAuth endpoints share (smart_oauth_util.hpp).
#include "server/auth/smart_oauth_util.hpp"

#include "server/http/handler_util.hpp"

namespace physio::server::smart_oauth {

Status audit_one(store::Tx& tx, store::AuditEventInput e) {
  PHYSIO_TRY(tx.append_audit({std::move(e)}));
  return ok();
}

std::string percent_encode(std::string_view v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string with_params(std::string uri, const std::vector<std::pair<std::string, std::string>>& params) {
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    uri += sep + k + "=" + percent_encode(v);
    sep = '&';
  }
  return uri;
}

net::Response redirect(const std::string& location) {
  net::Response r;
  r.status = 302;
  r.headers.push_back({"location", location});
  return r;
}

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

FieldSpec form_field(std::string name, std::string description) {
  return text_field(std::move(name), false, std::move(description), 8192);
}

Route form_route(std::string pattern, std::string summary, std::string audit_event,
                 std::function<net::Response(RequestContext&)> handler, std::vector<FieldSpec> fields) {
  Route r = make_route("POST", std::move(pattern), std::move(summary), std::nullopt, Target::kNone,
                       std::move(audit_event), std::move(handler));
  r.auth = AuthMode::kPublic;
  r.body = BodyKind::kForm;
  r.schema.fields = std::move(fields);
  r.max_body = 16384;
  return r;
}

}  // namespace physio::server::smart_oauth
