#include "print/program_pdf.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace physio::print {
namespace {

PrintedProgram seven_exercises() {
  PrintedProgram p;
  p.clinic = "Riverside Clinic";
  p.patient = "Jo\xC3\xA3o Silva";
  p.title = "Knee osteoarthritis, weeks 1-4";
  p.version_line = "Version 2 of 25 Nov 2026, by Lee Chen";
  p.printed_on = "25 Nov 2026";
  p.pain_advice = "Pain up to 5/10 during or after the exercises is acceptable.";
  for (int i = 1; i <= 7; ++i)
    p.exercises.push_back(
        {.name = "Exercise number " + std::to_string(i),
         .dosage = "3 sets of 10, once a day, every day",
         .side = i == 2 ? "Left side" : "",
         .target = i == 3 ? "Bend the knee to 90\xC2\xB0" : "",
         .description = "Stand tall with the feet hip-width apart and bend the knees slowly.",
         .position = "Standing",
         .watch_for = {"Knees over the toes", "Back straight"},
         .notes = i == 1 ? "Hold the chair for balance." : "",
         .stop_if = "",
         .figure = std::nullopt});
  return p;
}

int pages_of(const std::string& pdf) {
  // Page objects, not the page tree (/Type /Pages).
  int n = 0;
  for (auto at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
    n += pdf.compare(at, 12, "/Type /Pages") != 0;
  return n;
}

/// The strings drawn with Tj, as they are in the content stream.
std::vector<std::string> shown(const std::string& pdf) {
  std::vector<std::string> out;
  for (auto end = pdf.find(") Tj"); end != std::string::npos; end = pdf.find(") Tj", end + 1)) {
    const auto start = pdf.rfind('(', end);
    if (start != std::string::npos) out.push_back(pdf.substr(start + 1, end - start - 1));
  }
  return out;
}

TEST(ProgramPdf, AFewExercisesPerPageWithPageNumbers) {
  auto pdf = program_pdf(seven_exercises(), 3);
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find("%%EOF"), std::string::npos);
  EXPECT_EQ(pages_of(*pdf), 3);  // 3 + 3 + 1
  for (int i = 1; i <= 7; ++i)
    EXPECT_NE(pdf->find("(" + std::to_string(i) + ". Exercise number " + std::to_string(i) + ")"),
              std::string::npos)
        << i;
  EXPECT_NE(pdf->find("(Page 1 of 3"), std::string::npos);
  EXPECT_NE(pdf->find("(Page 3 of 3"), std::string::npos);
  // Windows-1252 in the standard font (bytes above 127 written as octal escapes): ã is 343, ° is 260.
  EXPECT_NE(pdf->find("(For Jo\\343o Silva)"), std::string::npos);
  EXPECT_NE(pdf->find("(Bend the knee to 90\\260)"), std::string::npos);
  EXPECT_NE(pdf->find("(From your physiotherapist: Hold the chair for balance.)"), std::string::npos);
  // One exercise a page: seven pages.
  auto one = program_pdf(seven_exercises(), 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(pages_of(*one), 7);
}

TEST(ProgramPdf, LongTextWrapsAndMovesAnExerciseToTheNextPage) {
  auto p = seven_exercises();
  p.exercises.resize(2);
  std::string long_text;
  for (int i = 0; i < 120; ++i) long_text += "slowly and with control ";
  p.exercises[0].description = long_text;
  auto pdf = program_pdf(p, 3);
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  // The first exercise's text fills most of a page: the second starts the next one.
  EXPECT_EQ(pages_of(*pdf), 2);
  // No drawn line is wider than the page: every text line is short.
  const auto lines = shown(*pdf);
  EXPECT_GT(lines.size(), 20u);
  for (const auto& l : lines) EXPECT_LT(l.size(), 110u) << l;
}

TEST(ProgramPdf, NothingToPrintIsAnError) {
  auto p = seven_exercises();
  p.exercises.clear();
  EXPECT_FALSE(program_pdf(p));
  EXPECT_FALSE(program_pdf(seven_exercises(), 0));
}

// An exercise with a figure: drawn beside its text as vector strokes (the accent colour of the moving parts
// among them), labelled, and the block made tall enough for it, so that fewer fit on a page.
TEST(ProgramPdf, AFigureIsDrawnBesideItsExercise) {
  auto fig = illustrate::parse_figure_spec(
      R"({"exercise": "mini_squat", "start": {}, "end": {"trunk_pitch": 12, "both": {"hip_flexion": 42, "knee_flexion": 45, "ankle_dorsiflexion": 15}}})",
      "mini_squat.json");
  ASSERT_TRUE(fig) << fig.error().to_string();
  PrintedProgram p = seven_exercises();
  for (auto& e : p.exercises) e.figure = *fig;
  auto pdf = program_pdf(p, 3);
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  const auto text = shown(*pdf);
  EXPECT_EQ(std::count(text.begin(), text.end(), "1 Start"), 7);
  EXPECT_EQ(std::count(text.begin(), text.end(), "2 Move to"), 7);
  // The accent tone #0b7a75 as an RGB stroke colour.
  EXPECT_NE(pdf->find("0.04314 0.47843 0.45882 RG"), std::string::npos);
  auto plain = program_pdf(seven_exercises(), 3);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->find(" RG"), std::string::npos) << "no figure, no strokes in colour";
  EXPECT_GE(pages_of(*pdf), pages_of(*plain));
}

}  // namespace
}  // namespace physio::print
