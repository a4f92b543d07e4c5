// physio info <file>: what a landmark file holds (skeleton, frames, rate, gaps).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/preprocess.hpp"

namespace physio::cli {
namespace {

struct InfoOptions {
  std::string input;
  std::string skeleton = "auto";
  double rate_hz = 0;
  bool json = false;
};

std::string joints_of(const kin::Skeleton& s) {
  std::string out;
  for (std::size_t j = 0; j < kin::kJointCount; ++j) {
    if (!s.joints[j].present()) continue;
    if (!out.empty()) out += ", ";
    out += kin::joint_name(static_cast<kin::Joint>(j));
  }
  return out;
}

void describe(const kin::LandmarkSequence& seq, std::string_view label, nlohmann::json& j) {
  auto gaps = kin::landmark_gap_stats(seq);
  j["skeleton"] = seq.skeleton().name;
  j["landmarks"] = seq.n_landmarks();
  j["space"] = std::string(kin::coord_space_name(seq.space()));
  j["frames"] = seq.n_frames();
  j["rate_hz"] = seq.rate_hz();
  j["duration_s"] = seq.duration_s();
  if (seq.image_width > 0) j["image"] = {seq.image_width, seq.image_height};
  nlohmann::json jg = nlohmann::json::array();
  for (const auto& g : gaps)
    if (g.missing_frames > 0)
      jg.push_back({{"landmark", g.name},
                    {"missing_frames", g.missing_frames},
                    {"gaps", g.n_gaps},
                    {"longest_gap_frames", g.longest_gap_frames}});
  j["gaps"] = jg;
  (void)label;
}

void print_text(const kin::LandmarkSequence& seq, std::string_view label) {
  std::printf("%-10s %s, %zu landmarks (%s)\n", label.data(), seq.skeleton().name.c_str(), seq.n_landmarks(),
              std::string(kin::coord_space_name(seq.space())).c_str());
  std::printf("%-10s %s\n", "joints", joints_of(seq.skeleton()).c_str());
  std::printf("%-10s %zu frames, %.3f frames/s, %.3f s\n", "frames", seq.n_frames(), seq.rate_hz(),
              seq.duration_s());
  if (seq.image_width > 0) std::printf("%-10s %d x %d px\n", "image", seq.image_width, seq.image_height);
  auto gaps = kin::landmark_gap_stats(seq);
  std::size_t with_gaps = 0;
  for (const auto& g : gaps) with_gaps += g.missing_frames > 0 ? 1 : 0;
  if (with_gaps == 0) {
    std::printf("%-10s none: every landmark is present in every frame\n", "gaps");
    return;
  }
  std::printf("%-10s %zu of %zu landmarks have missing frames:\n", "gaps", with_gaps, gaps.size());
  for (const auto& g : gaps)
    if (g.missing_frames > 0)
      std::printf("           %-18s %6zu frames missing (%5.1f%%) in %zu gap(s), longest %zu frames\n",
                  g.name.c_str(), g.missing_frames,
                  100.0 * static_cast<double>(g.missing_frames) /
                      static_cast<double>(std::max<std::size_t>(1, seq.n_frames())),
                  g.n_gaps, g.longest_gap_frames);
}

int run_info(const InfoOptions& o) {
  kin::LoadOptions lo;
  if (o.skeleton != "auto") lo.skeleton_name = o.skeleton;
  lo.rate_hz = o.rate_hz;
  auto file = kin::load_landmarks(o.input, lo);
  if (!file) return report_error(file.error());
  if (o.json) {
    nlohmann::json j;
    j["file"] = o.input;
    j["format"] = file->format;
    describe(file->landmarks, "landmarks", j["landmarks"]);
    if (file->world) describe(*file->world, "world", j["world"]);
    j["warnings"] = file->warnings;
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%-10s %s (%s)\n", "file", o.input.c_str(), file->format.c_str());
  print_text(file->landmarks, "skeleton");
  if (file->world) {
    std::printf("\nworld landmarks (metres):\n");
    print_text(*file->world, "skeleton");
  }
  for (const auto& w : file->warnings) std::printf("%-10s %s\n", "warning", w.c_str());
  return 0;
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto o = std::make_shared<InfoOptions>();
  auto* sub = app.add_subcommand("info", "Describe a landmark file: format, skeleton, frames, rate, gaps");
  sub->add_option("file", o->input,
                  "Landmark file or OpenPose folder (TRC, physio JSON/CSV, MediaPipe JSON, COCO JSON)")
      ->required();
  sub->add_option("--skeleton", o->skeleton, "auto|blazepose33|coco17|halpe26|body25|body25b")
      ->capture_default_str();
  sub->add_option("--rate", o->rate_hz, "Frame rate for files without times (Hz; default 30)")
      ->check(rate_hz_check());
  sub->add_flag("--json", o->json, "Print JSON instead of text");
  sub->callback([o] { set_exit(run_info(*o)); });
}

}  // namespace physio::cli
