// A clinic's demonstration videos of library exercises (docs/server/exercise-videos.md): a physiotherapist
// uploads one per exercise (MP4 or WebM), everyone signed in at the clinic watches it beside the exercise's
// figure; a new upload replaces the old, whose file is deleted after the commit.
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "exercise/library.hpp"
#include "rehab/program_rows.hpp"
#include "security/hash.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/keep_upload.hpp"
#include "server/record/routes.hpp"
#include "store/exercise_videos.hpp"

namespace physio::server {
namespace {

namespace fs = std::filesystem;
using clinic::Action;

constexpr std::uint64_t kMaxVideoBytes = 200ULL * 1024 * 1024;
constexpr std::uint64_t kMaxRangeBytes = 4ULL * 1024 * 1024;  // one ranged answer; the player asks again

/// "video/mp4" or "video/webm" from the file's first bytes (ISO BMFF "ftyp" box; EBML header); with
/// `pictures`, "image/png" or "image/jpeg" (their signatures) too; else "".
std::string sniff_video(const fs::path& file, bool pictures) {
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 12> b{};
  in.read(reinterpret_cast<char*>(b.data()), b.size());
  if (in.gcount() < 12) return "";
  if (b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') return "video/mp4";
  if (b[0] == 0x1A && b[1] == 0x45 && b[2] == 0xDF && b[3] == 0xA3) return "video/webm";
  if (!pictures) return "";
  if (b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D && b[5] == 0x0A)
    return "image/png";
  if (b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
  return "";
}

std::string_view extension_of(std::string_view media) {
  if (media == "video/mp4") return ".mp4";
  if (media == "video/webm") return ".webm";
  if (media == "image/png") return ".png";
  return ".jpg";
}

std::optional<net::Response> authorized(RequestContext& ctx, const std::string& exercise_id) {
  const auto& who = ctx.principal();
  return ctx.authorize({who.clinic_id, who.patient_id}, "exercise video", exercise_id);
}

/// The library's exercise named by {id}, or the clinic's own (docs/server/clinic-exercises.md; `own` set),
/// or the 404. A patient reaches a clinic exercise only when it is prescribed to them.
std::optional<net::Response> library_exercise(RequestContext& ctx, std::string& id, bool* own = nullptr) {
  if (own) *own = false;
  auto ex = exercise::find_exercise(ctx.param("id"));
  if (ex) {
    id = (*ex)->id;
    return std::nullopt;
  }
  const auto& who = ctx.principal();
  auto row = load_clinic_exercise(ctx.services.store(), who.clinic_id, ctx.param("id"));
  if (!row) return store_error(row.error());
  if (!*row) return api_error(404, "not_found", "no such exercise");
  if (who.role == clinic::Role::kPatient) {
    auto prescribed = ctx.services.store().read([&](store::Tx& tx) -> Result<bool> {
      if (!who.patient_id) return false;
      for (const auto& p : PHYSIO_TRY(tx.list_programs(who.clinic_id, *who.patient_id)))
        if (auto program = rehab::program_of(p); program && program->find((*row)->id)) return true;
      return false;
    });
    if (!prescribed) return store_error(prescribed.error());
    if (!*prescribed) return api_error(404, "not_found", "no such exercise");
  }
  id = (*row)->id;
  if (own) *own = true;
  return std::nullopt;
}

void delete_queued(RequestContext& ctx, const std::optional<store::ErasureFile>& f) {
  if (!f) return;
  std::error_code ec;
  fs::remove(ctx.services.settings().data_dir / f->path, ec);
  if (ec) {
    spdlog::warn("exercise video: cannot delete {}: {}", f->path, ec.message());
    return;  // left for the sweep at start
  }
  auto done = ctx.services.store().write([&](store::Tx& tx) { return tx.mark_erasure_file_done(f->id); });
  if (!done) spdlog::warn("exercise video: {}", done.error().to_string());
}

net::Response upload_video(RequestContext& ctx) {
  std::string id;
  bool own = false;
  if (auto d = library_exercise(ctx, id, &own)) return *d;
  if (auto d = authorized(ctx, id)) return *d;
  if (ctx.req.body_size == 0)
    return api_error(400, "empty_upload", "send the video (MP4 or WebM) as the request body");
  // A clinic's own exercise may have a picture (PNG or JPEG) instead of a video.
  const std::string media = sniff_video(ctx.req.body_file, own);
  if (media.empty())
    return api_error(415, "unsupported_media_type",
                     own ? "the upload is not an MP4 or WebM video, nor a PNG or JPEG picture"
                         : "the upload is not an MP4 or WebM video");
  auto sha = security::sha256_file_hex(ctx.req.body_file);
  if (!sha) return api_error(500, "internal", "could not read the upload");
  fs::path rel;
  if (auto failed = keep_upload(ctx, "exercise-video-", std::string(extension_of(media)), rel))
    return *failed;
  const store::ExerciseVideoRow row{.clinic_id = ctx.principal().clinic_id,
                                    .exercise_id = id,
                                    .file_path = rel.string(),
                                    .media_type = media,
                                    .size_bytes = static_cast<std::int64_t>(ctx.req.body_size),
                                    .sha256 = *sha,
                                    .uploaded_by = ctx.principal().user_id,
                                    .uploaded_us = now_us()};
  auto replaced = ctx.services.store().write([&](store::Tx& tx) -> Result<std::optional<store::ErasureFile>> {
    auto old = PHYSIO_TRY(store::put_exercise_video(tx, row));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("exercise video", id, "")}));
    return old;
  });
  if (!replaced) {
    std::error_code ec;
    fs::remove(ctx.services.files_dir() / rel, ec);
    return store_error(replaced.error());
  }
  delete_queued(ctx, *replaced);
  return json_ok({{"exercise_id", id}, {"media_type", media}, {"size_bytes", row.size_bytes}}, 201);
}

/// "bytes=a-b" or "bytes=a-" (one range; suffix ranges "bytes=-n" too) against `size`: [first, last], or
/// nullopt when it cannot be satisfied. A header that is not a single byte range is ignored (the whole file).
struct ByteRange {
  std::uint64_t first = 0, last = 0;
  bool valid = true;
};
std::optional<ByteRange> parse_range(std::string_view h, std::uint64_t size) {
  if (!h.starts_with("bytes=") || h.find(',') != std::string_view::npos) return std::nullopt;
  h.remove_prefix(6);
  const auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s, std::uint64_t& out) {
    if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    out = std::stoull(std::string(s));
    return true;
  };
  std::uint64_t a = 0, b = 0;
  const std::string_view left = h.substr(0, dash), right = h.substr(dash + 1);
  if (left.empty()) {  // the last b bytes
    if (!number(right, b) || b == 0 || size == 0) return ByteRange{0, 0, false};
    return ByteRange{size - std::min(b, size), size - 1, true};
  }
  if (!number(left, a)) return std::nullopt;
  if (a >= size) return ByteRange{0, 0, false};
  if (right.empty()) return ByteRange{a, size - 1, true};
  if (!number(right, b) || b < a) return std::nullopt;
  return ByteRange{a, std::min(b, size - 1), true};
}

net::Response get_video(RequestContext& ctx) {
  std::string id;
  if (auto d = library_exercise(ctx, id)) return *d;
  if (auto d = authorized(ctx, id)) return *d;
  auto row = ctx.services.store().read(
      [&](store::Tx& tx) { return store::get_exercise_video(tx, ctx.principal().clinic_id, id); });
  if (!row) return store_error(row.error());
  if (!*row) return api_error(404, "not_found", "the clinic has no video of this exercise");
  const fs::path file = ctx.services.files_dir() / (*row)->file_path;
  std::error_code ec;
  const std::uint64_t size = fs::file_size(file, ec);
  if (ec) return api_error(404, "not_found", "the clinic has no video of this exercise");
  net::Response resp;
  resp.headers.push_back({"content-type", (*row)->media_type});
  resp.headers.push_back({"accept-ranges", "bytes"});
  resp.headers.push_back({"cache-control", "private, max-age=3600"});
  const auto range_header = ctx.req.header("range");
  const auto range = range_header ? parse_range(*range_header, size) : std::nullopt;
  if (!range) {
    resp.file = file;
    return resp;
  }
  if (!range->valid) {
    resp.status = 416;
    resp.headers.push_back({"content-range", fmt::format("bytes */{}", size)});
    return resp;
  }
  // At most kMaxRangeBytes in one answer: the player asks for the rest (allowed for a 206).
  const std::uint64_t last = std::min(range->last, range->first + kMaxRangeBytes - 1);
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(range->first));
  resp.body.resize(static_cast<std::size_t>(last - range->first + 1));
  in.read(resp.body.data(), static_cast<std::streamsize>(resp.body.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != resp.body.size())
    return api_error(500, "internal", "could not read the video");
  resp.status = 206;
  resp.headers.push_back({"content-range", fmt::format("bytes {}-{}/{}", range->first, last, size)});
  return resp;
}

net::Response delete_video(RequestContext& ctx) {
  std::string id;
  if (auto d = library_exercise(ctx, id)) return *d;
  if (auto d = authorized(ctx, id)) return *d;
  auto gone = ctx.services.store().write([&](store::Tx& tx) -> Result<std::optional<store::ErasureFile>> {
    auto f = PHYSIO_TRY(store::delete_exercise_video(tx, ctx.principal().clinic_id, id, now_us()));
    if (f) PHYSIO_CHECK(tx.append_audit({ctx.audit_event("exercise video", id, "")}));
    return f;
  });
  if (!gone) return store_error(gone.error());
  delete_queued(ctx, *gone);
  return json_ok({{"exercise_id", id}, {"deleted", gone->has_value()}});
}

}  // namespace

void add_exercise_video_routes(RouteTable& routes) {
  Route up =
      make_route("POST", "/api/exercises/{id}/video",
                 "Upload the clinic's demonstration video of a library exercise (MP4 or WebM as the raw "
                 "body, at most 200 MiB); replaces the clinic's previous one",
                 Action::kManageExerciseMedia, Target::kNone, "exercise_video.upload", upload_video);
  up.body = BodyKind::kUpload;
  up.max_body = kMaxVideoBytes;
  routes.push_back(up);
  routes.push_back(
      answering(make_route("GET", "/api/exercises/{id}/video",
                           "The clinic's demonstration video of the exercise (byte ranges supported)",
                           Action::kReadExerciseLibrary, Target::kNone, "", get_video),
                "video/mp4"));
  routes.push_back(make_route(
      "DELETE", "/api/exercises/{id}/video", "Delete the clinic's demonstration video of the exercise",
      Action::kManageExerciseMedia, Target::kNone, "exercise_video.delete", delete_video));
}

}  // namespace physio::server
