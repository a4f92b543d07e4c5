// physio audit verify: recompute the audit trail's hash chain and name the first event that does not fit.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/server_common.hpp"
#include "store/audit_verify.hpp"

namespace physio::cli {

void add_audit_command(CLI::App& app) {
  struct Args {
    std::string data = "data";
    std::string postgres;
  };
  auto a = std::make_shared<Args>();
  auto* sub = app.add_subcommand("audit", "Check the audit trail");
  sub->require_subcommand(1, 1);
  auto* v =
      sub->add_subcommand("verify",
                          "Recompute the hash chain; exit 0 when intact, 1 naming the first edited, deleted, "
                          "inserted or reordered event");
  v->add_option("--data", a->data, "Data directory (SQLite store)")->capture_default_str();
  v->add_option("--postgres", a->postgres, "PostgreSQL URL instead of the SQLite store");
  v->callback([a] {
    auto s = open_store(a->data, a->postgres);
    if (!s) return set_exit(report_error(s.error()));
    auto rep = store::verify_audit_chain(**s);
    if (!rep) return set_exit(report_error(rep.error()));
    if (rep->ok) {
      std::printf("audit trail intact: %lld events, head at %lld\n",
                  static_cast<long long>(rep->events_checked), static_cast<long long>(rep->head_seq));
      return set_exit(0);
    }
    std::printf("audit trail BROKEN at event %lld: %s\n", static_cast<long long>(rep->first_bad_seq),
                rep->what.c_str());
    set_exit(1);
  });
}

}  // namespace physio::cli
