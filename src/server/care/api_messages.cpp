// Secure messages between a patient and their physiotherapists (docs/server/messages.md): one conversation
// per patient, read receipts, every read and write in the audit trail. The e-mail telling the patient a
// message waits (never its text) is the background loop's (server/background/message_notices).
#include <map>

#include "clinic/validation.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "store/messages.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

constexpr std::size_t kMaxMessageChars = 4000;
constexpr std::uint64_t kMessageBodyBytes = 24 * 1024;

/// Who wrote a message, as the reader should see it.
std::string sender_name(const store::Message& m, const std::map<std::string, clinic::User>& users,
                        const clinic::Patient& p) {
  if (m.sender_id.starts_with("system:")) return "Automatic alert";
  if (m.from_patient) return p.given_name + " " + p.family_name;
  if (auto it = users.find(m.sender_id); it != users.end())
    return it->second.display_name.empty() ? std::string("Your physiotherapist") : it->second.display_name;
  return "A former member of staff";
}

json message_json(const store::Message& m, const std::map<std::string, clinic::User>& users,
                  const clinic::Patient& p) {
  // An automatic alert (a stop-level pain report) is written on the patient's side, so it is new to the
  // physiotherapist; the patient reads it as what the clinic was told, never as their own words.
  return {{"id", m.id},
          {"from_patient", m.from_patient},
          {"automatic", m.sender_id.starts_with("system:")},
          {"sender", sender_name(m, users, p)},
          {"body", m.body},
          {"sent", iso_time(m.created_us)},
          {"read", m.read_us ? json(iso_time(m.read_us)) : json(nullptr)}};
}

std::map<std::string, clinic::User> users_by_id(std::vector<clinic::User> users) {
  std::map<std::string, clinic::User> out;
  for (auto& u : users) out.emplace(u.id, std::move(u));
  return out;
}

net::Response list_messages(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  struct Loaded {
    std::vector<store::Message> messages;
    std::vector<clinic::User> users;
    store::UnreadCounts unread;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    l.messages = PHYSIO_TRY(store::list_messages(tx, p.clinic_id, p.id));
    l.users = PHYSIO_TRY(tx.list_users(p.clinic_id));
    l.unread = PHYSIO_TRY(store::unread_messages(tx, p.clinic_id, p.id));
    return l;
  });
  if (!loaded) return store_error(loaded.error());
  const auto users = users_by_id(std::move(loaded->users));
  json items = json::array();
  for (const auto& m : loaded->messages) items.push_back(message_json(m, users, p));
  ctx.audit_read("message", "", p.id);
  const bool patient = ctx.principal().role == clinic::Role::kPatient;
  return json_ok(
      {{"items", items}, {"unread", patient ? loaded->unread.to_patient : loaded->unread.from_patient}});
}

net::Response send_message(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a new message")) return *r;
  const auto& who = ctx.principal();
  store::Message m;
  m.clinic_id = p.clinic_id;
  m.patient_id = p.id;
  m.sender_id = who.user_id;
  m.from_patient = who.role == clinic::Role::kPatient;
  m.body = ctx.body["body"].get<std::string>();
  if (m.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return api_error(400, "invalid_body", "write a message", "/body");
  auto stored =
      ctx.services.store().write([&](store::Tx& tx) -> Result<std::pair<store::Message, clinic::User>> {
        auto sm = PHYSIO_TRY(store::insert_message(tx, m));
        // Writing in the conversation is reading it: what the other side wrote is read now.
        PHYSIO_TRY(
            store::mark_messages_read(tx, p.clinic_id, p.id, sm.from_patient, who.user_id, sm.created_us));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("message", sm.id, p.id)}));
        auto sender = PHYSIO_TRY(tx.get_user(who.user_id));
        return std::make_pair(std::move(sm), std::move(sender));
      });
  if (!stored) return store_error(stored.error());
  std::map<std::string, clinic::User> users;
  users.emplace(stored->second.id, stored->second);
  return json_ok(message_json(stored->first, users, p), 201);
}

net::Response read_messages(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const auto& who = ctx.principal();
  const bool reader_is_patient = who.role == clinic::Role::kPatient;
  auto marked = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<std::string>> {
    auto ids = PHYSIO_TRY(
        store::mark_messages_read(tx, p.clinic_id, p.id, reader_is_patient, who.user_id, tx.now_us()));
    std::vector<store::AuditEventInput> events;
    for (const auto& id : ids) events.push_back(ctx.audit_event("message", id, p.id));
    if (!events.empty()) PHYSIO_CHECK(tx.append_audit(events));
    return ids;
  });
  if (!marked) return store_error(marked.error());
  return json_ok({{"marked_read", marked->size()}});
}

Route route(std::string method, std::string pattern, std::string summary, std::string audit,
            std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), Action::kMessage,
                    Target::kPatient, std::move(audit), std::move(fn));
}

}  // namespace

void add_message_routes(RouteTable& routes) {
  routes.push_back(route("GET", "/api/patients/{id}/messages",
                         "The conversation between a patient and their physiotherapists (latest 200, oldest "
                         "first; unread = messages to the caller not opened yet)",
                         "message.read", list_messages));
  auto send = route("POST", "/api/patients/{id}/messages",
                    "Write in the patient's conversation (the patient or their physiotherapist)",
                    "message.create", send_message);
  send.body = BodyKind::kJson;
  send.max_body = kMessageBodyBytes;
  send.schema.fields = {{"body",
                         FieldType::kString,
                         true,
                         "the message (plain text, up to 4000 characters)",
                         kMaxMessageChars * 4,
                         {},
                         [](std::string_view v) { return clinic::text_problem(v, kMaxMessageChars, true); }}};
  routes.push_back(send);
  routes.push_back(route("POST", "/api/patients/{id}/messages/read",
                         "The caller opened the conversation: what the other side wrote is marked read (the "
                         "read receipt)",
                         "message.mark_read", read_messages));
}

}  // namespace physio::server
