#include "notes/note.hpp"

#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "notes/draft.hpp"
#include "notes/note_types.hpp"
#include "notes/text.hpp"
#include "security/hash.hpp"

namespace physio::notes {
namespace {

using test::utc;

Note knee_note() {
  const VisitInput v = test::knee_oa_improving();
  return new_note(NoteHeader{"note-1", "pat-maria", "ep-knee", "user-pt", utc("2026-11-23", 10, 5),
                             v.window.from_us, v.window.to_us, ""},
                  draft_note(v));
}

TEST(Note, ADraftIsEditedSentenceBySentence) {
  Note n = knee_note();
  EXPECT_EQ(n.status(), NoteStatus::kDraft);
  const auto sources = n.sections[0].sentences[2].sources;
  ASSERT_TRUE(edit_sentence(n, "S", 2, "Morning pain mostly 2-3/10, settling.", utc("2026-11-23", 10, 10)));
  EXPECT_EQ(n.sections[0].sentences[2].text, "Morning pain mostly 2-3/10, settling.");
  EXPECT_TRUE(n.sections[0].sentences[2].edited);
  EXPECT_EQ(n.sections[0].sentences[2].sources, sources);
  EXPECT_EQ(n.updated_us, utc("2026-11-23", 10, 10));

  const std::size_t before = n.sections[2].sentences.size();
  ASSERT_TRUE(add_sentence(n, "A", "Quadriceps strength improving (MMT 4+/5).", utc("2026-11-23", 10, 11)));
  ASSERT_EQ(n.sections[2].sentences.size(), before + 1);
  EXPECT_TRUE(n.sections[2].sentences.back().edited);
  EXPECT_TRUE(n.sections[2].sentences.back().sources.empty());
  ASSERT_TRUE(remove_sentence(n, "A", before, utc("2026-11-23", 10, 12)));
  EXPECT_EQ(n.sections[2].sentences.size(), before);

  EXPECT_EQ(edit_sentence(n, "X", 0, "x", 0).error().to_string(), "section 'X': not one of S, O, A, P");
  EXPECT_EQ(edit_sentence(n, "P", 99, "x", 0).error().to_string(),
            "sections[P].sentences[99]: no such sentence (the section has 5)");
  EXPECT_EQ(edit_sentence(n, "P", 0, " \n", 0).error().to_string(),
            "sections[P].sentences[0].text: empty (remove the sentence instead)");
  EXPECT_FALSE(add_sentence(n, "P", "", 0));
}

TEST(Note, SentencesAreReorderedWithinTheirSection) {
  Note n = knee_note();
  auto texts = [&](std::size_t sec) {
    std::vector<std::string> out;
    for (const auto& s : n.sections[sec].sentences) out.push_back(s.text);
    return out;
  };
  const auto before = texts(0);
  ASSERT_GE(before.size(), 3u);
  ASSERT_TRUE(move_sentence(n, "S", 0, 2, utc("2026-11-23", 10, 20)));
  EXPECT_EQ(texts(0)[0], before[1]);
  EXPECT_EQ(texts(0)[1], before[2]);
  EXPECT_EQ(texts(0)[2], before[0]);
  ASSERT_TRUE(move_sentence(n, "S", 2, 0, utc("2026-11-23", 10, 21)));
  EXPECT_EQ(texts(0), before);
  ASSERT_TRUE(move_sentence(n, "S", 1, 1, utc("2026-11-23", 10, 22)));
  EXPECT_EQ(texts(0), before);
  EXPECT_EQ(n.updated_us, utc("2026-11-23", 10, 22));
  EXPECT_FALSE(move_sentence(n, "S", 0, before.size(), 0));
  EXPECT_FALSE(move_sentence(n, "S", before.size(), 0, 0));
  ASSERT_TRUE(sign(n, "user-pt", utc("2026-11-23", 12)));
  EXPECT_EQ(move_sentence(n, "S", 0, 1, utc("2026-11-23", 13)).error().message(), kSignedNoteIsImmutable);
}

TEST(Note, TheChecklistIsKeptButNeverSigned) {
  VisitInput v = test::no_data();
  Note n = new_note(
      NoteHeader{"note-2", "pat-x", "ep-x", "user-pt", v.window.to_us, v.window.from_us, v.window.to_us, ""},
      draft_note(v));
  ASSERT_FALSE(n.checklist.empty());
  const std::string content = signed_content(n, "user-pt", v.window.to_us);
  for (const auto& item : n.checklist) EXPECT_EQ(content.find(item), std::string::npos) << item;
  auto back = note_from_json(note_to_json(n));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->checklist, n.checklist);
  // A note stored before the checklist existed reads without one.
  auto j = nlohmann::json::parse(note_to_json(n));
  j.erase("checklist");
  auto old = note_from_json(j.dump());
  ASSERT_TRUE(old) << old.error().to_string();
  EXPECT_TRUE(old->checklist.empty());
  j["checklist"] = {1};
  EXPECT_EQ(note_from_json(j.dump()).error().to_string(), "checklist[0]: must be a string");
}

TEST(Note, ADraftWithoutAnEpisodeIsReadBack) {
  // A visit outside any episode cites no episode row (an empty id once made the stored draft unreadable).
  VisitInput v = test::knee_oa_improving();
  v.episode = EpisodeInfo{};
  Note n = new_note(NoteHeader{"note-3", "pat-maria", "", "user-pt", utc("2026-11-23", 10, 5),
                               v.window.from_us, v.window.to_us, ""},
                    draft_note(v));
  for (const auto& sec : n.sections)
    for (const auto& s : sec.sentences)
      for (const auto& src : s.sources) EXPECT_FALSE(src.id.empty()) << sec.code << ": " << s.text;
  auto back = note_from_json(note_to_json(n));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, n);
}

TEST(Note, SigningRecordsWhoWhenAndTheHashOfTheCanonicalContent) {
  Note n = knee_note();
  const TimeUs at = utc("2026-11-23", 10, 30);
  ASSERT_TRUE(sign(n, "user-pt", at));
  EXPECT_EQ(n.status(), NoteStatus::kSigned);
  ASSERT_TRUE(n.signature);
  EXPECT_EQ(n.signature->signer_id, "user-pt");
  EXPECT_EQ(n.signature->signed_us, at);
  const std::string content = signed_content(n, "user-pt", at);
  EXPECT_EQ(n.signature->content_sha256, security::sha256_hex(content));
  EXPECT_TRUE(signature_matches(n));
  // Canonical: sorted keys, no whitespace, the signer and time included, the addenda not.
  EXPECT_TRUE(content.starts_with("{\"author_id\":\"user-pt\",\"created_us\":")) << content.substr(0, 80);
  EXPECT_NE(content.find("\"signed_by\":\"user-pt\",\"signed_us\":"), std::string::npos);
  EXPECT_EQ(content.find("addenda"), std::string::npos);
  EXPECT_EQ(content.find("\n"), std::string::npos);
  EXPECT_NE(signed_content(n, "someone-else", at), content);
  // The hash changes with the content, so a tampered note no longer matches.
  Note tampered = n;
  tampered.sections[1].sentences[0].text += " ";
  EXPECT_FALSE(signature_matches(tampered));
}

TEST(Note, ASignedNoteCannotBeChanged) {
  Note n = knee_note();
  ASSERT_TRUE(sign(n, "user-pt", utc("2026-11-23", 10, 30)));
  const Note before = n;
  const std::string why = "a signed note cannot be changed; add an addendum with a reason";
  EXPECT_EQ(edit_sentence(n, "S", 0, "changed", utc("2026-11-24")).error().to_string(), why);
  EXPECT_EQ(add_sentence(n, "S", "more", utc("2026-11-24")).error().to_string(), why);
  EXPECT_EQ(remove_sentence(n, "S", 0, utc("2026-11-24")).error().to_string(), why);
  EXPECT_EQ(sign(n, "user-pt", utc("2026-11-24")).error().to_string(),
            "the note is already signed; add an addendum with a reason");
  EXPECT_EQ(n, before);
}

TEST(Note, SigningNeedsASignerAndATimeAfterCreation) {
  Note n = knee_note();
  EXPECT_EQ(sign(n, "", utc("2026-11-23", 11)).error().to_string(), "signer_id: missing");
  EXPECT_EQ(sign(n, "user-pt", utc("2026-11-23", 9)).error().to_string(),
            "signed_us: before the note was created");
  EXPECT_EQ(n.status(), NoteStatus::kDraft);
}

TEST(Note, AddendaNeedAReasonAndComeAfterTheSignature) {
  Note n = knee_note();
  Addendum a{"Patient phoned: knee swelled after gardening.", "information received after signing", "user-pt",
             utc("2026-11-24", 9)};
  EXPECT_EQ(add_addendum(n, a).error().to_string(),
            "a draft has no addenda; edit the draft before signing it");
  ASSERT_TRUE(sign(n, "user-pt", utc("2026-11-23", 10, 30)));
  Addendum no_reason = a;
  no_reason.reason = "  ";
  EXPECT_EQ(add_addendum(n, no_reason).error().to_string(),
            "addendum.reason: missing; an addendum needs a reason");
  Addendum no_text = a;
  no_text.text.clear();
  EXPECT_EQ(add_addendum(n, no_text).error().to_string(), "addendum.text: missing");
  Addendum no_author = a;
  no_author.author_id.clear();
  EXPECT_EQ(add_addendum(n, no_author).error().to_string(), "addendum.author_id: missing");
  Addendum early = a;
  early.at_us = utc("2026-11-23", 10);
  EXPECT_EQ(add_addendum(n, early).error().to_string(), "addendum.at_us: before the note was signed");
  ASSERT_TRUE(add_addendum(n, a));
  EXPECT_EQ(n.status(), NoteStatus::kAmended);
  EXPECT_TRUE(signature_matches(n));  // an addendum adds; the signed content is unchanged
  Addendum older = a;
  older.at_us = utc("2026-11-23", 23);
  EXPECT_EQ(add_addendum(n, older).error().to_string(), "addendum.at_us: before the previous addendum");
}

TEST(NoteJson, RoundTripsInEveryState) {
  Note n = knee_note();
  ASSERT_TRUE(edit_sentence(n, "S", 1, "Goals: walk 30 minutes; stairs \"foot over foot\" – «ok».",
                            utc("2026-11-23", 11)));
  for (int step = 0; step < 3; ++step) {
    if (step == 1) {
      ASSERT_TRUE(sign(n, "user-pt", utc("2026-11-23", 12)));
    }
    if (step == 2) {
      ASSERT_TRUE(add_addendum(n, {"text", "reason", "user-2", utc("2026-11-25")}));
    }
    const std::string text = note_to_json(n);
    auto back = note_from_json(text);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, n);
    EXPECT_EQ(note_to_json(*back), text);
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["status"], std::string(to_string(n.status())));
  }
}

TEST(NoteJson, ErrorsNameTheFieldPath) {
  Note n = knee_note();
  ASSERT_TRUE(sign(n, "user-pt", utc("2026-11-23", 12)));
  const auto good = nlohmann::json::parse(note_to_json(n));
  struct FieldPathCase {
    std::function<void(nlohmann::json&)> change;
    const char* error;
  };
  const FieldPathCase cases[] = {
      {[](auto& j) { j.erase("id"); }, "id: missing"},
      {[](auto& j) { j["extra"] = 1; }, "extra: unknown field"},
      {[](auto& j) { j["created_us"] = 1.5; }, "created_us: must be a whole number of microseconds"},
      {[](auto& j) { j["window"].erase("to_us"); }, "window.to_us: missing"},
      {[](auto& j) { j["sections"].erase(3); }, "sections: must be the four sections S, O, A, P"},
      {[](auto& j) { j["sections"][1]["code"] = "A"; },
       "sections[1].code: must be 'O' (sections are S, O, A, P in order), got 'A'"},
      {[](auto& j) { j["sections"][2]["sentences"][0]["sources"][1].erase("id"); },
       "sections[2].sentences[0].sources[1].id: missing"},
      {[](auto& j) { j["sections"][0]["sentences"][0]["edited"] = "no"; },
       "sections[0].sentences[0].edited: must be true or false"},
      {[](auto& j) { j["sections"][0]["sentences"][0]["text"] = ""; },
       "sections[0].sentences[0].text: must not be empty"},
      {[](auto& j) { j["signature"]["content_sha256"] = "abc"; },
       "signature.content_sha256: must be 64 lowercase hex digits"},
      {[](auto& j) { j["status"] = "draft"; }, "status: 'draft' does not match the note: it is signed"},
      {[](auto& j) {
         j["addenda"] = nlohmann::json::array({{{"text", "t"}, {"author_id", "u"}, {"at_us", 1}}});
       },
       "addenda[0].reason: missing"},
      {[](auto& j) { j["sections"][3]["sentences"][0]["text"] = "Changed after signing."; },
       "signature.content_sha256: does not match the note's content"},
  };
  for (const FieldPathCase& c : cases) {
    nlohmann::json j = good;
    c.change(j);
    auto r = note_from_json(j.dump());
    ASSERT_FALSE(r) << c.error;
    EXPECT_EQ(r.error().to_string(), c.error);
  }
  EXPECT_EQ(note_from_json("{").error().to_string(), "note: not valid JSON");
  EXPECT_EQ(note_from_json("[]").error().to_string(), "note: must be an object");
  EXPECT_EQ(note_from_json(R"({"id":"x"})").error().to_string(), "patient_id: missing");
}

}  // namespace
}  // namespace physio::notes

namespace physio::notes {
namespace {

TEST(NoteTypes, ATypedNoteSaysWhatItIsAndAnUntypedOneIsSignedAsBefore) {
  Note typed = knee_note();
  typed.header.type = "progress_report";
  ASSERT_TRUE(sign(typed, "user-pt", typed.header.created_us + 1));
  auto back = note_from_json(note_to_json(typed));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->header.type, "progress_report");
  EXPECT_TRUE(signature_matches(*back));
  EXPECT_EQ(plain_text(*back).substr(0, 16), "Progress report\n");
  // The type is signed: changing it breaks the signature.
  back->header.type = "discharge_summary";
  EXPECT_FALSE(signature_matches(*back));
  // A note from before types: no "type" key, the same canonical content as then.
  Note old = knee_note();
  EXPECT_FALSE(nlohmann::json::parse(note_to_json(old)).contains("type"));
  EXPECT_FALSE(nlohmann::json::parse(signed_content(old, "user-pt", 5)).contains("type"));
  EXPECT_TRUE(nlohmann::json::parse(signed_content(typed, "user-pt", 5)).contains("type"));
  EXPECT_EQ(plain_text(old).find("Progress report"), std::string::npos);
  // An unknown type is refused with its field.
  std::string bad = note_to_json(typed);
  bad.replace(bad.find("progress_report"), 15, "weekly_thoughts");
  auto refused = note_from_json(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().to_string(), "type: unknown note type \"weekly_thoughts\"");
  EXPECT_EQ(note_type_or_generic("").loinc, "11506-3");
  EXPECT_EQ(find_note_type("initial_evaluation")->loinc, "18735-1");
}

}  // namespace
}  // namespace physio::notes
