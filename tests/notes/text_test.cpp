#include "notes/text.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "hl7/mdm.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "notes/draft.hpp"

namespace physio::notes {
namespace {

using test::utc;

Note small_note() {
  Draft d;
  for (std::size_t i = 0; i < 4; ++i) d.sections.push_back(Section{kSectionCodes[i], kSectionTitles[i], {}});
  d.sections[0].sentences = {{"Morning pain 3/10.", {{"morning_pain", "m1"}, {"morning_pain", "m2"}}, false},
                             {"No comments from the patient since 3 Nov 2026.", {}, false}};
  d.sections[1].sentences = {{"TUG 11 s.", {{"observation", "o1"}}, false}};
  d.sections[2].sentences = {{"Improving.", {{"observation", "o1"}}, true}};
  d.sections[3].sentences = {{"Next appointment: 24 Nov 2026.", {{"appointment", "a1"}}, false}};
  return new_note({"n1", "p1", "e1", "u1", utc("2026-11-17", 10), utc("2026-11-03", 9), utc("2026-11-17", 9)},
                  d);
}

TEST(Text, CanonicalTextIsOneLinePerSentenceWithItsSources) {
  const Note n = small_note();
  EXPECT_EQ(canonical_text(Draft{n.sections}),
            "S | Morning pain 3/10. | morning_pain:m1, morning_pain:m2\n"
            "S | No comments from the patient since 3 Nov 2026. | -\n"
            "O | TUG 11 s. | observation:o1\n"
            "A | Improving. [edited] | observation:o1\n"
            "P | Next appointment: 24 Nov 2026. | appointment:a1\n");
}

TEST(Text, PlainTextMarksADraftAndListsAddenda) {
  Note n = small_note();
  EXPECT_EQ(plain_text(n),
            "Draft: not signed.\n\nSubjective\nMorning pain 3/10.\nNo comments from the patient since 3 Nov "
            "2026.\n\n"
            "Objective\nTUG 11 s.\n\nAssessment\nImproving.\n\nPlan\nNext appointment: 24 Nov 2026.");
  ASSERT_TRUE(sign(n, "u1", utc("2026-11-17", 11)));
  ASSERT_TRUE(add_addendum(n, {"Swelling\nreported.", "phone call", "u2", utc("2026-11-18", 8)}));
  const std::string text = plain_text(n, {{"u2", "Dr Lee"}});
  EXPECT_TRUE(text.starts_with("Subjective\n")) << text;
  EXPECT_TRUE(text.ends_with("\n\nAddendum of 18 Nov 2026 by Dr Lee: Swelling reported. Reason: phone call"))
      << text;
}

TEST(Text, AnEmptySectionSaysNothingWasRecorded) {
  Note n = small_note();
  ASSERT_TRUE(remove_sentence(n, "O", 0, utc("2026-11-17", 10, 30)));
  EXPECT_NE(plain_text(n).find("\n\nObjective\nNothing recorded.\n\nAssessment\n"), std::string::npos)
      << plain_text(n);
}

TEST(Text, MdmContentOnlyForASignedNote) {
  Note n = small_note();
  EXPECT_EQ(
      mdm_content(n).error().to_string(),
      "note n1: only a signed note is sent as MDM^T02 (it marks the document authenticated); sign it first");
  ASSERT_TRUE(sign(n, "u1", utc("2026-11-17", 11)));
  auto m = mdm_content(n);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->document_number, "n1");
  EXPECT_EQ(m->author_id, "u1");
  EXPECT_EQ(m->activity_us, utc("2026-11-17", 9));
  EXPECT_EQ(m->signed_us, utc("2026-11-17", 11));
  EXPECT_EQ(m->text, plain_text(n));
}

TEST(Text, AnAddendumTravelsAsItsOwnDocument) {
  Note n = small_note();
  ASSERT_TRUE(sign(n, "u1", utc("2026-11-17", 11)));
  EXPECT_EQ(addendum_mdm_content(n, 0).error().code(), ErrorCode::kOutOfRange);
  ASSERT_TRUE(add_addendum(n, {"Swelling\nreported.", "phone call", "u2", utc("2026-11-18", 8)}));
  ASSERT_TRUE(add_addendum(n, {"Seen again.", "visit", "u1", utc("2026-11-19", 8)}));
  auto a = addendum_mdm_content(n, 1, {{"u1", "Dr Reis"}});
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->parent_document_number, "n1");
  EXPECT_EQ(a->content.document_number, "n1-A2");
  EXPECT_EQ(a->content.author_id, "u1");
  EXPECT_EQ(a->content.activity_us, utc("2026-11-19", 8));
  EXPECT_EQ(a->content.text, "Addendum of 19 Nov 2026 by Dr Reis: Seen again. Reason: visit");
  // The same line the note's plain text ends with.
  EXPECT_TRUE(plain_text(n, {{"u1", "Dr Reis"}}).ends_with(a->content.text));
}

TEST(Text, ASignedDraftTravelsAsMdmT02LineForLine) {
  // The content feeds hl7's builder as it is: one OBX per line, escapes done by the builder.
  const VisitInput v = test::knee_oa_improving();
  Note n = new_note(
      {"note-9", "pat-maria", "ep-knee", "user-pt", v.window.to_us, v.window.from_us, v.window.to_us},
      draft_note(v));
  ASSERT_TRUE(sign(n, "user-pt", v.window.to_us + 3600 * kUsPerSecond));
  auto content = mdm_content(n);
  ASSERT_TRUE(content) << content.error().to_string();
  hl7::ClinicalNote note;
  note.header = {"PHYSIOKIT", "REHAB01", "EHR", "CLINIC", "PK-1", content->signed_us, "P"};
  note.patient.identifiers = {{"MRN-1", "REHAB01", "MR"}};
  note.patient.name.family = "Costa";
  note.patient.name.given = "Maria";
  note.document_number = content->document_number;
  note.author = hl7::Practitioner{content->author_id, "Lee", "Sam", ""};
  note.activity_us = content->activity_us;
  note.signed_us = content->signed_us;
  note.text = content->text;
  auto m = hl7::build_mdm_t02(note);
  ASSERT_TRUE(m) << m.error().to_string();
  auto back = hl7::parse_message(hl7::serialize(*m));
  ASSERT_TRUE(back);
  std::string rebuilt;
  for (int i = 1; i <= back->count("OBX"); ++i) {
    if (i > 1) rebuilt += "\n";
    rebuilt += back->get("OBX[" + std::to_string(i) + "]-5");
  }
  EXPECT_EQ(rebuilt, content->text);
  EXPECT_EQ(back->get("TXA-12.1"), "note-9");
  EXPECT_EQ(back->get("OBX[1]-5"), "Subjective");
}

}  // namespace
}  // namespace physio::notes
