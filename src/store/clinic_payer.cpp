#include "store/clinic_payer.hpp"

#include <fmt/format.h>

namespace physio::store {

std::string payer_problem(std::string_view payer) {
  for (auto p : kPayerRules)
    if (p == payer) return "";
  return fmt::format("'{}' is not a payer rule: expected us_medicare, or nothing for none", payer);
}

Result<std::string> get_clinic_payer(Tx& tx, std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(tx.connection().query("SELECT payer FROM clinics WHERE id = ?", {clinic_id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "no clinic {}", clinic_id);
  return rs.rows.front().text(0);
}

Status set_clinic_payer(Tx& tx, std::string_view clinic_id, std::string_view payer) {
  if (auto p = payer_problem(payer); !p.empty()) return fail(ErrorCode::kInvalidArgument, "payer {}", p);
  auto rs = PHYSIO_TRY(
      tx.connection().query("UPDATE clinics SET payer = ? WHERE id = ? RETURNING id", {payer, clinic_id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "no clinic {}", clinic_id);
  return ok();
}

}  // namespace physio::store
