// `physio predict` end to end: the built binary, its files and its refusals.
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;
using test::physio_cli;

// A synthetic appointment history (labelled as such): 400 patients, 6 visits each over 2025, a no-show
// more likely after an earlier no-show and with a long lead time.
fs::path synthetic_history(const fs::path& dir) {
  std::string csv = "patient_id,appointment_id,practitioner_id,booked_at,start_at,status,reminder_sent\n";
  unsigned state = 12345;
  auto next = [&]() {
    state = state * 1103515245u + 12345u;
    return (state >> 8) % 1000;
  };
  for (int p = 0; p < 400; ++p) {
    bool missed_before = false;
    for (int k = 0; k < 6; ++k) {
      const int day = 1 + (p % 20) + 40 * k;
      const int lead = static_cast<int>(next() % 30);
      const unsigned risk = 120 + (missed_before ? 250 : 0) + static_cast<unsigned>(lead) * 6;
      const bool noshow = next() < risk;
      missed_before |= noshow;
      auto date = [](int d) {
        const int month = 1 + (d - 1) / 28;
        return fmt::format("2025-{:02d}-{:02d}", month > 12 ? 12 : month, 1 + (d - 1) % 28);
      };
      csv += fmt::format("p{},p{}-{},dr{},{}T09:00:00Z,{}T10:00:00Z,{},{}\n", p, p, k, p % 3,
                         date(std::max(1, day - lead)), date(day), noshow ? "noshow" : "attended",
                         lead > 2 ? 1 : 0);
    }
  }
  const fs::path f = dir / "appointments.csv";
  EXPECT_TRUE(save_file_atomic(f, csv));
  return f;
}

TEST(PredictCli, TrainsValidatesWritesAModelAndItsCard) {
  const fs::path dir = test::scratch_dir("predict_cli");
  const fs::path data = synthetic_history(dir);
  auto r = physio_cli(
      fmt::format("predict train --model noshow --data {} --split-date 2025-07-01 --bootstrap 50 -o {} "
                  "--card {}",
                  data.string(), (dir / "m.json").string(), (dir / "card.md").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("validated on the later period"), std::string::npos) << r.output;
  auto text = load_text_file(dir / "m.json");
  ASSERT_TRUE(text);
  const auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["name"], "noshow");
  EXPECT_EQ(j["threshold"], 0.3);
  EXPECT_TRUE(j["training"]["shippable"].get<bool>());
  EXPECT_GT(j["validation"]["risk"]["overall"]["auc"].get<double>(), 0.55);
  auto card = load_text_file(dir / "card.md");
  ASSERT_TRUE(card);
  EXPECT_NE(card->find("# Model card: Risk of not attending an appointment\n"), std::string::npos);
  EXPECT_NE(card->find("## Performance on a later period"), std::string::npos);

  auto e =
      physio_cli(fmt::format("predict eval --model {} --data {} --split-date 2025-07-01 --bootstrap 50 -o {}",
                             (dir / "m.json").string(), data.string(), (dir / "r.json").string()));
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_TRUE(fs::exists(dir / "r.json"));
  auto v = physio_cli(fmt::format("predict eval --model {} --data {} --validate {} --bootstrap 50",
                                  (dir / "m.json").string(), data.string(), data.string()));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  auto late =
      physio_cli(fmt::format("predict eval --model noshow --data {} --split-date 2030-01-01", data.string()));
  EXPECT_EQ(late.exit_code, 6) << late.output;
  EXPECT_NE(late.output.find("every case falls before the split day"), std::string::npos) << late.output;
  auto c = physio_cli(fmt::format("predict card {}", (dir / "m.json").string()));
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_NE(c.output.find("| predictor | unit | coefficient"), std::string::npos);
}

TEST(PredictCli, RefusesBadInputWithTheReason) {
  const fs::path dir = test::scratch_dir("predict_cli_bad");
  auto unknown = physio_cli("predict train --model nosuch --data x.csv -o m.json");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("no model named nosuch"), std::string::npos);

  auto missing = physio_cli(fmt::format("predict train --model noshow --data {} -o {}",
                                        (dir / "none.csv").string(), (dir / "m.json").string()));
  EXPECT_EQ(missing.exit_code, 3) << missing.output;

  ASSERT_TRUE(save_file_atomic(dir / "few.csv",
                               "patient_id,appointment_id,booked_at,start_at,status\n"
                               "p1,a1,2025-01-01,2025-01-02,attended\np1,a2,2025-01-01,2025-01-09,noshow\n"));
  auto few = physio_cli(fmt::format("predict train --model noshow --data {} -o {}",
                                    (dir / "few.csv").string(), (dir / "m.json").string()));
  EXPECT_EQ(few.exit_code, 6) << few.output;
  EXPECT_NE(few.output.find("not assessed: needs at least 100 cases"), std::string::npos) << few.output;
  EXPECT_FALSE(fs::exists(dir / "m.json"));

  ASSERT_TRUE(save_file_atomic(dir / "bad.json", R"({"format": "physiokit-model/1", "name": "noshow"})"));
  auto bad = physio_cli(fmt::format("predict eval --model {} --data {}", (dir / "bad.json").string(),
                                    (dir / "few.csv").string()));
  EXPECT_EQ(bad.exit_code, 4) << bad.output;
  EXPECT_NE(bad.output.find("bad.json: title: missing"), std::string::npos) << bad.output;

  auto date = physio_cli(fmt::format("predict train --model noshow --data {} --split-date 2025-02-30 -o {}",
                                     (dir / "few.csv").string(), (dir / "m.json").string()));
  EXPECT_EQ(date.exit_code, 2) << date.output;
  EXPECT_NE(date.output.find("--split-date: '2025-02-30' is not a date"), std::string::npos) << date.output;
}

}  // namespace
}  // namespace physio
