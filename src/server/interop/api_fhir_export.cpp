// FHIR Bulk Data export (docs/server/fhir.md, docs/adr/0005-fhir-bulk-export.md): Patient/$export and
// Group/{clinic}/$export answer 202 with the status URL; each status poll exports the next slice of patients
// (202 with X-Progress) until the manifest is ready (200); output files are NDJSON, one per type and slice,
// readable only by whoever started the export; DELETE cancels. A job lives in <data>/exports/<id>/ (its
// job.json written atomically after each slice), so it survives a restart and any server sharing the data
// folder can continue it.
#include <sys/file.h>
#include <unistd.h>

#include <fcntl.h>

#include <charconv>
#include <filesystem>
#include <set>

#include <spdlog/spdlog.h>

#include "core/file_io.hpp"
#include "fhir/compartment.hpp"
#include "fhir/resources.hpp"
#include "security/random.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/interop/fhir_routes.hpp"
#include "server/interop/fhir_supporting.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr int kPatientsPerSlice = 25;
constexpr TimeUs kJobLifetimeUs = 24LL * 3600 * kUsPerSecond;

fs::path exports_dir(RequestContext& ctx) {
  return ctx.services.settings().data_dir / "exports";
}

bool is_job_id(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// The caller's job `id`, or nullopt (no such job, or another user's: the same answer).
std::optional<json> load_job(RequestContext& ctx, std::string_view id) {
  if (!is_job_id(id)) return std::nullopt;
  auto text = load_file(exports_dir(ctx) / std::string(id) / "job.json");
  if (!text) return std::nullopt;
  json job = json::parse(*text, nullptr, false);
  if (!job.is_object()) return std::nullopt;
  const auto& who = ctx.principal();
  if (job.value("owner", "") != who.user_id || job.value("clinic_id", "") != who.clinic_id)
    return std::nullopt;
  // A role that lost the clinical read permission since the kick-off no longer sees its export.
  if (!clinic::role_allows(who.role, Action::kReadClinical)) return std::nullopt;
  return job;
}

net::Response no_job(RequestContext& ctx, std::string_view id) {
  ctx.pending_reads.push_back(ctx.audit_event("export", is_job_id(id) ? id : "", "", "denied"));
  return fhir_problem({404, "not-found", "no such export", ""});
}

void remove_old_jobs(const fs::path& dir, TimeUs now) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    auto text = load_file(e.path() / "job.json");
    const json job = text ? json::parse(*text, nullptr, false) : json();
    if (job.is_object() && now - job.value("created_us", now) > kJobLifetimeUs) fs::remove_all(e.path(), ec);
  }
}

/// The types an export writes, comma-separated: the compartment's, then the ones it references.
std::string exported_types() {
  std::string out;
  for (const auto* list : {&fhir::compartment_types(), &fhir::supporting_types()})
    for (const auto& t : *list) out += (out.empty() ? "" : ", ") + t;
  return out;
}

net::Response kick_off(RequestContext& ctx, bool group) {
  const auto& who = ctx.principal();
  if (group) {
    const std::string id = ctx.param("id");
    if (id != who.clinic_id) {
      ctx.pending_reads.push_back(ctx.audit_event("group", "", "", "denied"));
      return as_fhir_error(not_found_answer("group"));
    }
    if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "group", id))
      return as_fhir_error(std::move(*d));
  } else if (auto d = ctx.authorize({who.clinic_id, who.patient_id}, "patient", "")) {
    return as_fhir_error(std::move(*d));
  }
  const auto prefer = ctx.req.header("prefer");
  if (!prefer || prefer->find("respond-async") == std::string_view::npos)
    return fhir_problem({400, "invalid", "a bulk export needs the header Prefer: respond-async", "Prefer"});
  if (const auto accept = ctx.req.header("accept");
      accept && accept->find("application/fhir+json") == std::string_view::npos && *accept != "*/*")
    return fhir_problem(
        {400, "invalid", "a bulk export kick-off takes Accept: application/fhir+json", "Accept"});
  std::vector<std::string> types;
  std::string since;
  for (const auto& [k, v] : ctx.req.query_params()) {
    if (k == "_outputFormat") {
      if (v != "application/fhir+ndjson" && v != "application/ndjson" && v != "ndjson")
        return fhir_problem(
            {400, "invalid", "_outputFormat: only application/fhir+ndjson is written", "_outputFormat"});
    } else if (k == "_type") {
      std::size_t start = 0;
      while (start <= v.size()) {
        const auto comma = v.find(',', start);
        const std::string t = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto& known = fhir::compartment_types();
        const auto& supporting = fhir::supporting_types();
        if (std::find(known.begin(), known.end(), t) == known.end() &&
            std::find(supporting.begin(), supporting.end(), t) == supporting.end())
          return fhir_problem(
              {400, "invalid", "_type: '" + t + "' is not exported; types: " + exported_types(), "_type"});
        types.push_back(t);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (k == "_since") {
      if (!fhir::date_range(v) || v.size() < 20)
        return fhir_problem(
            {400, "invalid", "_since must be an instant such as 2026-01-01T00:00:00Z", "_since"});
      since = v;
    } else {
      return fhir_problem(
          {400, "invalid", "unknown export parameter '" + k + "' (_outputFormat, _type, _since)", k});
    }
  }
  if (types.empty()) {
    types = fhir::compartment_types();
    for (const auto& t : fhir::supporting_types()) types.push_back(t);
  }
  std::vector<std::string> allowed;
  for (const auto& t : types) {
    // The supporting types are exported as far as the exported resources reference them.
    const auto& supporting = fhir::supporting_types();
    const auto a = fhir::read_action(t);
    if (!a || clinic::role_allows(who.role, *a) ||
        std::find(supporting.begin(), supporting.end(), t) != supporting.end())
      allowed.push_back(t);
  }
  const TimeUs now = now_us();
  const std::string id = security::random_id();
  json job = {{"id", id},
              {"clinic_id", who.clinic_id},
              {"owner", who.user_id},
              {"patient_id", who.patient_id.value_or("")},
              {"request", fhir_base(ctx) + ctx.req.target.substr(5)},
              {"types", allowed},
              {"since", since},
              {"transaction_time", fhir::instant(now)},
              {"created_us", now},
              {"state", "in-progress"},
              {"cursor", ""},
              {"done_patients", 0},
              {"total_patients", 0},
              {"slices", 0},
              {"output", json::array()}};
  if (who.role != clinic::Role::kPatient) {
    auto n = ctx.services.store().read([&](store::Tx& tx) { return tx.count_patients(who.clinic_id); });
    if (!n) return store_error(n.error());
    job["total_patients"] = *n;
  } else {
    job["total_patients"] = 1;
  }
  const fs::path dir = exports_dir(ctx);
  std::error_code ec;
  fs::create_directories(dir / id, ec);
  remove_old_jobs(dir, now);
  if (auto st = save_file_atomic(dir / id / "job.json", job.dump()); !st) {
    spdlog::error("export {}: {}", id, st.error().to_string());
    return fhir_problem({503, "exception", "the export could not be started; try again", ""});
  }
  ctx.audit_read("export", id, who.patient_id.value_or(""));
  net::Response r;
  r.status = 202;
  r.headers.push_back({"content-location", fhir_base(ctx) + "/$export-status/" + id});
  r.headers.push_back({"content-type", "application/fhir+json; charset=utf-8"});
  r.body =
      fhir::operation_outcome(
          {202, "informational", "export " + id + " accepted; poll the Content-Location", ""}, "information")
          .dump();
  return r;
}

json manifest(RequestContext& ctx, const json& job) {
  json output = json::array();
  int n = 0;
  for (const auto& o : job["output"])
    output.push_back({{"type", o["type"]},
                      {"url", fhir_base(ctx) + "/$export-file/" + job["id"].get<std::string>() + "-" +
                                  std::to_string(n++)},
                      {"count", o["count"]}});
  return {{"transactionTime", job["transaction_time"]},
          {"request", job["request"]},
          {"requiresAccessToken", true},
          {"output", output},
          {"error", json::array()}};
}

/// Exports the next slice of patients into NDJSON files and advances the job; on an error the job is
/// unchanged.
Status run_slice(RequestContext& ctx, json& job, const fs::path& dir) {
  const auto& who = ctx.principal();
  std::vector<clinic::Patient> patients;
  std::string next_cursor;
  const std::string own = job.value("patient_id", "");
  PHYSIO_CHECK(ctx.services.store().read([&](store::Tx& tx) -> Status {
    patients.clear();
    if (!own.empty()) {
      patients.push_back(PHYSIO_TRY(tx.get_patient(who.clinic_id, own)));
      return ok();
    }
    store::PatientQuery q;
    q.cursor = job.value("cursor", "");
    q.limit = kPatientsPerSlice;
    auto page = PHYSIO_TRY(tx.list_patients(who.clinic_id, q));
    patients = std::move(page.items);
    next_cursor = page.next_cursor;
    return ok();
  }));
  const std::string since = job.value("since", "");
  const auto since_range = since.empty() ? std::nullopt : fhir::date_range(since);
  std::map<std::string, std::pair<std::string, int>> lines;  // type -> (ndjson, count)
  std::vector<std::string> exported;
  std::vector<json> refs_of;            // what this slice exports, for its references
  std::vector<std::string> supporting;  // the supporting resources this slice adds
  if (!job.contains("supporting")) job["supporting"] = json::array();
  PHYSIO_CHECK(ctx.services.store().read([&](store::Tx& tx) -> Status {
    // The store may run this again after a transient conflict: start from nothing each time.
    lines.clear();
    exported.clear();
    refs_of.clear();
    for (const auto& p : patients) {
      // Authorized again on every slice, with the caller as they are now.
      if (clinic::decide(who, Action::kReadClinical, {p.clinic_id, p.id}) != clinic::Decision::kAllow)
        continue;
      for (const auto& t : job["types"]) {
        const std::string type = t.get<std::string>();
        if (fhir::source_of(type) == fhir::CompartmentSource::kNone && type != "Patient") continue;
        for (const auto& it : PHYSIO_TRY(load_compartment(tx, p, type, who, true))) {
          if (fhir::records_a_fhir_read(it.resource)) continue;
          if (since_range) {
            const auto updated = it.resource.contains("meta")
                                     ? fhir::date_range(it.resource["meta"].value("lastUpdated", ""))
                                     : std::nullopt;
            if (updated && updated->first < since_range->first) continue;
          }
          auto& [text, count] = lines[type];
          text += it.resource.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
          ++count;
          refs_of.push_back(it.resource);
        }
      }
      exported.push_back(p.id);
    }
    // The Practitioners, Organization, Device and Locations these resources reference that no earlier slice
    // wrote.
    std::vector<const json*> ptrs;
    for (const auto& r : refs_of) ptrs.push_back(&r);
    std::vector<std::string> refs;
    std::vector<std::string> written;
    for (const auto& w : job.value("supporting", json::array())) written.push_back(w.get<std::string>());
    for (auto& ref : fhir::unresolved_references(ptrs))
      if (std::find(written.begin(), written.end(), ref) == written.end()) refs.push_back(std::move(ref));
    std::vector<std::string> types;
    for (const auto& t : job["types"]) types.push_back(t.get<std::string>());
    supporting.clear();
    for (auto& r : PHYSIO_TRY(supporting_resources(tx, who.clinic_id, refs, types, written))) {
      const std::string type = r.value("resourceType", std::string());
      supporting.push_back(type + "/" + r.value("id", std::string()));
      auto& [text, count] = lines[type];
      text += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
      ++count;
    }
    return ok();
  }));
  for (const auto& ref : supporting) job["supporting"].push_back(ref);
  for (const auto& pid : exported) ctx.audit_read("patient", pid, pid);
  const int slice = job.value("slices", 0);
  for (const auto& t : job["types"]) {
    const std::string type = t.get<std::string>();
    auto it = lines.find(type);
    if (it == lines.end()) continue;
    const std::string file = type + "-" + std::to_string(slice) + ".ndjson";
    PHYSIO_CHECK(save_file_atomic(dir / file, it->second.first));
    job["output"].push_back({{"type", type}, {"file", file}, {"count", it->second.second}});
  }
  job["slices"] = slice + 1;
  job["done_patients"] = job.value("done_patients", 0) + static_cast<int>(patients.size());
  job["cursor"] = next_cursor;
  if (!own.empty() || next_cursor.empty()) job["state"] = "complete";
  return save_file_atomic(dir / "job.json", job.dump());
}

net::Response status(RequestContext& ctx) {
  const std::string id = ctx.param("id");
  auto job = load_job(ctx, id);
  if (!job) return no_job(ctx, id);
  const fs::path dir = exports_dir(ctx) / id;
  if (job->value("state", "") != "complete") {
    // One poll at a time does the work; a concurrent poll just reports progress.
    const int fd = ::open((dir / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      if (auto fresh = load_job(ctx, id)) job = std::move(fresh);
      Status st = job->value("state", "") == "complete" ? ok() : run_slice(ctx, *job, dir);
      ::flock(fd, LOCK_UN);
      ::close(fd);
      if (!st) {
        spdlog::error("export {}: {}", id, st.error().to_string());
        return fhir_problem({503, "transient", "the export could not continue just now; poll again", ""});
      }
    } else if (fd >= 0) {
      ::close(fd);
    }
  }
  if (job->value("state", "") == "complete") {
    ctx.audit_read("export", id, job->value("patient_id", ""));
    return json_ok(manifest(ctx, *job));
  }
  net::Response r;
  r.status = 202;
  r.headers.push_back({"x-progress", std::to_string(job->value("done_patients", 0)) + " of " +
                                         std::to_string(job->value("total_patients", 0)) + " patients"});
  r.headers.push_back({"retry-after", "1"});
  return r;
}

net::Response cancel(RequestContext& ctx) {
  const std::string id = ctx.param("id");
  if (!load_job(ctx, id)) return no_job(ctx, id);
  std::error_code ec;
  fs::remove_all(exports_dir(ctx) / id, ec);
  ctx.audit_read("export", id, "");
  net::Response r;
  r.status = 202;
  return r;
}

net::Response output_file(RequestContext& ctx) {
  const std::string name = ctx.param("id");
  const auto dash = name.find('-');
  const std::string id = name.substr(0, dash);
  auto job = load_job(ctx, id);
  if (!job || dash == std::string::npos) return no_job(ctx, id);
  std::size_t n = 0;
  const std::string idx = name.substr(dash + 1);
  const auto [end, ec] = std::from_chars(idx.data(), idx.data() + idx.size(), n);
  if (ec != std::errc() || end != idx.data() + idx.size() || n >= (*job)["output"].size())
    return no_job(ctx, id);
  const std::string file = (*job)["output"][n]["file"].get<std::string>();
  ctx.audit_read("export", id, job->value("patient_id", ""));
  net::Response r;
  r.headers.push_back({"content-type", "application/fhir+ndjson"});
  r.file = exports_dir(ctx) / id / file;
  return r;
}

}  // namespace

void add_fhir_export_routes(RouteTable& routes) {
  routes.push_back(
      with_query(make_route("GET", "/fhir/Patient/$export",
                            "Bulk export of the patients the caller may read (Prefer: respond-async)",
                            Action::kReadClinical, Target::kPatientList, "fhir.export",
                            [](RequestContext& ctx) { return kick_off(ctx, false); }),
                 {{"_outputFormat", "application/fhir+ndjson (the only format written)"},
                  {"_type", "only these resource types, comma-separated"},
                  {"_since", "only resources changed since this FHIR instant"}}));
  routes.push_back(with_query(make_route("GET", "/fhir/Group/{id}/$export",
                                         "Bulk export of every patient of the clinic (Group id = clinic id)",
                                         Action::kReadClinical, Target::kOrganization, "fhir.export",
                                         [](RequestContext& ctx) { return kick_off(ctx, true); }),
                              {{"_outputFormat", "application/fhir+ndjson (the only format written)"},
                               {"_type", "only these resource types, comma-separated"},
                               {"_since", "only resources changed since this FHIR instant"}}));
  routes.push_back(make_route("GET", "/fhir/$export-status/{id}",
                              "Bulk export status: 202 with X-Progress while running, then the manifest",
                              Action::kReadClinical, Target::kExportJob, "fhir.export.read", status));
  routes.push_back(make_route("DELETE", "/fhir/$export-status/{id}",
                              "Cancel a bulk export and delete its files", Action::kReadClinical,
                              Target::kExportJob, "fhir.export.delete", cancel));
  routes.push_back(
      answering(make_route("GET", "/fhir/$export-file/{id}", "One NDJSON output file of a bulk export",
                           Action::kReadClinical, Target::kExportJob, "fhir.export.download", output_file),
                "application/fhir+ndjson"));
}

}  // namespace physio::server
