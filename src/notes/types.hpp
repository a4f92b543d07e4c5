#pragma once
/// The shape of a SOAP note's content, shared by the draft, the note lifecycle and the renderings.
///
/// A note is four sections (S, O, A, P), each a list of sentences. Every sentence names the stored rows
/// it was written from (`SourceRef`: the row's type and id), so a reader can open the numbers behind it;
/// the only sentences without sources are text a clinician wrote by hand (marked `edited`). What the data
/// does not show ("No morning pain ratings since 3 Nov 2026.") goes to the draft's checklist instead.

#include <string>
#include <vector>

namespace physio::notes {

/// A stored row a sentence came from: type is one of "patient", "episode", "morning_pain",
/// "exercise_log", "program", "questionnaire_response", "observation", "proposal", "appointment", and
/// "transcript" (an accepted suggestion: "<transcript id>/<segment>/<begin>-<end>", the words it stands on)
/// or "dictation" ("<transcript id>/<segment>", the dictated utterance).
struct SourceRef {
  std::string type{};
  std::string id{};
  friend bool operator==(const SourceRef&, const SourceRef&) = default;
};

struct Sentence {
  std::string text{};
  std::vector<SourceRef> sources{};  ///< in time order; empty only for "no data" and hand-written text
  bool edited = false;               ///< the clinician replaced the drafted text (sources are kept)
  friend bool operator==(const Sentence&, const Sentence&) = default;
};

struct Section {
  std::string code{};   ///< "S", "O", "A", "P"
  std::string title{};  ///< "Subjective", "Objective", "Assessment", "Plan"
  std::vector<Sentence> sentences{};
  friend bool operator==(const Section&, const Section&) = default;
};

/// A drafted note: always the four sections, in the order S, O, A, P, holding what happened; what did not
/// happen or was not recorded ("No next appointment is booked.") is a checklist beside the note for the
/// clinician, never part of the signed text.
struct Draft {
  std::vector<Section> sections{};
  std::vector<std::string> checklist{};
  friend bool operator==(const Draft&, const Draft&) = default;
};

/// The four section codes in order and their titles.
inline constexpr const char* kSectionCodes[] = {"S", "O", "A", "P"};
inline constexpr const char* kSectionTitles[] = {"Subjective", "Objective", "Assessment", "Plan"};

}  // namespace physio::notes
