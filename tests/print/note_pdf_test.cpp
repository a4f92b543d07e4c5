// The signed note as a PDF: the heading, the four sections in order, the signature block and the addenda,
// page n of m on every page, long notes over several pages; read back with poppler's pdftotext when it is
// installed (scripts/install-deps.sh), else from the content stream.
#include "print/note_pdf.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <unistd.h>

namespace physio::print {
namespace {

PrintedNote visit_note() {
  PrintedNote n;
  n.clinic = "Riverside Clinic";
  n.title = "Physical therapy Visit note";
  n.note_date = "25 Nov 2026";
  n.patient = "Jo\xC3\xA3o Silva";
  n.birth_date = "1958-03-02";
  n.record_number = "MRN-0042";
  n.sections = {{"Subjective", {"Reports knee pain of 4/10 on stairs.", "Sleeps well."}},
                {"Objective", {"Timed Up and Go 11.3 s (wearable IMU).", "Knee flexion 112\xC2\xB0 active."}},
                {"Assessment", {}},
                {"Plan", {"Continue the home program; review in 2 weeks."}}};
  n.author = "Lee Chen";
  n.signer = "Lee Chen";
  n.signed_at = "25 Nov 2026 16:40 UTC";
  n.document_id = "0123456789abcdef0123456789abcdef";
  n.content_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  n.printed_on = "26 Nov 2026";
  return n;
}

int page_count(const std::string& pdf) {
  int n = 0;
  for (auto at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
    n += pdf.compare(at, 12, "/Type /Pages") != 0;
  return n;
}

/// The text of the PDF as poppler reads it (pages separated by form feeds); "" when pdftotext is missing.
std::string pdftotext(const std::string& pdf) {
  if (std::system("pdftotext -v >/dev/null 2>&1") != 0) return {};
  const auto dir = std::filesystem::temp_directory_path();
  const auto in = dir / ("note_pdf_test_" + std::to_string(::getpid()) + ".pdf");
  const auto out = dir / ("note_pdf_test_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -enc UTF-8 '" + in.string() + "' '" + out.string() + "'";
  if (std::system(cmd.c_str()) != 0) return {};
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return text.str();
}

TEST(NotePdf, ASignedNoteReadsAsTheClinicianSignedIt) {
  auto pdf = note_pdf(visit_note());
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(page_count(*pdf), 1);
  // Windows-1252 in the content stream: ã is 343, ° is 260.
  EXPECT_NE(pdf->find("(Patient: Jo\\343o Silva)"), std::string::npos);
  EXPECT_NE(pdf->find("(Knee flexion 112\\260 active.)"), std::string::npos);
  const std::string text = pdftotext(*pdf);
  if (text.empty()) GTEST_SKIP() << "pdftotext is not installed (poppler-utils): the PDF was not read back";
  // In reading order: heading, patient, S, O, A (empty), P, the signature.
  std::size_t at = 0;
  for (const char* want : {"Riverside Clinic",
                           "Physical therapy Visit note",
                           "Date of the note: 25 Nov 2026",
                           "Patient: Jo\xC3\xA3o Silva",
                           "Date of birth: 1958-03-02",
                           "Record number: MRN-0042",
                           "Subjective",
                           "Reports knee pain of 4/10 on stairs.",
                           "Sleeps well.",
                           "Objective",
                           "Timed Up and Go 11.3 s",
                           "Knee flexion 112\xC2\xB0 active.",
                           "Assessment",
                           "Nothing recorded.",
                           "Plan",
                           "Continue the home program; review in 2 weeks.",
                           "Written by: Lee Chen",
                           "Electronically signed by Lee Chen on 25 Nov 2026 16:40 UTC",
                           "Document 0123456789abcdef0123456789abcdef",
                           "page 1 of 1"}) {
    const auto found = text.find(want, at);
    ASSERT_NE(found, std::string::npos) << "\"" << want << "\" after position " << at << " in:\n" << text;
    at = found;
  }
  EXPECT_EQ(text.find("Addenda"), std::string::npos) << "no addendum, no heading for them";
}

TEST(NotePdf, AddendaComeAfterTheSignatureInTheirOrder) {
  auto n = visit_note();
  n.addenda = {
      {"Addendum of 26 Nov 2026 09:10 UTC by Lee Chen", "Pain was 5/10, not 4/10.", "patient called"},
      {"Addendum of 27 Nov 2026 10:00 UTC by Sam Okafor", "Imaging report received.", "new result"}};
  auto pdf = note_pdf(n);
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  const std::string text = pdftotext(*pdf);
  if (text.empty()) GTEST_SKIP() << "pdftotext is not installed (poppler-utils)";
  const auto signed_at = text.find("Electronically signed by");
  const auto first = text.find("Addendum of 26 Nov 2026 09:10 UTC by Lee Chen");
  const auto second = text.find("Addendum of 27 Nov 2026 10:00 UTC by Sam Okafor");
  ASSERT_NE(signed_at, std::string::npos);
  ASSERT_NE(first, std::string::npos) << text;
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_LT(signed_at, first);
  EXPECT_LT(first, second);
  EXPECT_NE(text.find("Reason: patient called", first), std::string::npos);
  EXPECT_NE(text.find("Reason: new result", second), std::string::npos);
}

TEST(NotePdf, ALongNoteRunsOverPagesWithThePatientOnEach) {
  auto n = visit_note();
  for (int i = 0; i < 90; ++i)
    n.sections[1].sentences.push_back("Measurement " + std::to_string(i) +
                                      " recorded with its method and the side it was taken on, in words.");
  auto pdf = note_pdf(n);
  ASSERT_TRUE(pdf) << pdf.error().to_string();
  const int pages = page_count(*pdf);
  EXPECT_GE(pages, 3);
  const std::string last = "page " + std::to_string(pages) + " of " + std::to_string(pages);
  EXPECT_NE(pdf->find(last), std::string::npos);
  const std::string text = pdftotext(*pdf);
  if (text.empty()) GTEST_SKIP() << "pdftotext is not installed (poppler-utils)";
  // Pages are separated by form feeds; every page after the first names the patient and the note on top.
  std::size_t page_start = 0;
  int page = 1;
  for (auto ff = text.find('\f'); ff != std::string::npos && page < pages; ff = text.find('\f', ff + 1)) {
    ++page;
    page_start = ff + 1;
    const std::string head = text.substr(page_start, 200);
    EXPECT_NE(head.find("(continued)"), std::string::npos) << "page " << page << ":\n" << head;
    EXPECT_NE(head.find("Jo\xC3\xA3o Silva"), std::string::npos) << "page " << page;
  }
  EXPECT_EQ(page, pages);
  // Every sentence is there once and in order.
  std::size_t at = 0;
  for (int i = 0; i < 90; ++i) {
    const auto found = text.find("Measurement " + std::to_string(i) + " recorded", at);
    ASSERT_NE(found, std::string::npos) << i;
    at = found;
  }
  EXPECT_NE(text.find("Electronically signed by", at), std::string::npos);
}

// Whatever the note's length, the signature shares its page with the note's last words: the Plan's last
// sentence moves to the next page with it rather than the signature standing alone.
TEST(NotePdf, TheSignatureIsNeverAloneOnItsPage) {
  if (pdftotext(*note_pdf(visit_note())).empty())
    GTEST_SKIP() << "pdftotext is not installed (poppler-utils)";
  int multi_page = 0;
  for (int extra = 20; extra <= 44; ++extra) {
    auto n = visit_note();
    for (int i = 0; i < extra; ++i)
      n.sections[1].sentences.push_back("Measurement " + std::to_string(i) + " in words.");
    auto pdf = note_pdf(n);
    ASSERT_TRUE(pdf) << pdf.error().to_string();
    multi_page += page_count(*pdf) > 1;
    const std::string text = pdftotext(*pdf);
    const auto signed_at = text.find("Electronically signed by");
    ASSERT_NE(signed_at, std::string::npos);
    const auto page_start = text.rfind('\f', signed_at);
    const std::string page = text.substr(page_start == std::string::npos ? 0 : page_start,
                                         signed_at - (page_start == std::string::npos ? 0 : page_start));
    EXPECT_NE(page.find("Continue the home program; review in 2 weeks."), std::string::npos)
        << extra << " sentences more: the signature's page does not hold the Plan:\n"
        << page;
  }
  EXPECT_GT(multi_page, 0) << "the lengths tried all fit on one page: the case is not reached";
}

TEST(NotePdf, AnUnsignedOrEmptyNoteIsRefused) {
  auto n = visit_note();
  n.signer.clear();
  auto a = note_pdf(n);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), ErrorCode::kInvalidArgument);
  n = visit_note();
  n.sections.clear();
  EXPECT_FALSE(note_pdf(n));
}

}  // namespace
}  // namespace physio::print
